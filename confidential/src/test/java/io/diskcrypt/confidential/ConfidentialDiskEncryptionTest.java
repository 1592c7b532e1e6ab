package io.diskcrypt.confidential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.SecurityEncryptionType;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmSurface;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeyReleasePolicy;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.ServerSideEncryption;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfidentialDiskEncryptionTest {
  private static final String REGION = "westeurope";
  private static final byte[] MARKER = "confidential-plaintext-marker:0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final Identity ADMIN = Identity.user("contoso-admin");
  /** A confidential size with a temp disk, as the DCadsv5 sizes have. */
  private static final VmSize DC2ADS_V5 = VmSize.DC2AS_V5.withTempDisk("Standard_DC2ads_v5", Sectors.gib(75));

  private final SimClock clock = new SimClock();
  private final Cloud cloud = Cloud.create(REGION, clock);
  private final KeyVaultService vaults = new KeyVaultService(clock);
  private final ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(REGION));
  private final AttestationService attestation = new AttestationService(vaults, "https://sharedweu.weu.attest.azure.net");
  private final ConfidentialDiskEncryption cde = new ConfidentialDiskEncryption(cloud, vaults, attestation);

  private VirtualMachine cvm(String name, VmSize size) {
    VirtualMachine vm = cloud.vm(name).image(Image.UBUNTU_22_04).size(size).securityType(SecurityType.CONFIDENTIAL_VM)
        .osDisk(Sectors.gib(30), CachePolicy.READ_WRITE).dataDisk(Sectors.gib(8), CachePolicy.READ_ONLY).build();
    sse.enablePlatformKey(vm);
    return vm;
  }

  private VirtualMachine cvm(String name) {
    return cvm(name, VmSize.DC2AS_V5);
  }

  private static void write(BlockDevice volume) {
    byte[] sector = new byte[volume.sectorSize().bytes()];
    System.arraycopy(MARKER, 0, sector, 0, MARKER.length);
    for (long s = 100; s < 108; s++) {
      volume.write(s, sector, 0, sector.length);
    }
    volume.flush();
  }

  private static boolean readsBack(BlockDevice volume) {
    byte[] sector = new byte[volume.sectorSize().bytes()];
    volume.read(100, sector, 0, sector.length);
    return Arrays.equals(Arrays.copyOf(sector, MARKER.length), MARKER);
  }

  private static long hits(VirtualMachine vm, SurfaceRole role, String disk) {
    long hits = 0;
    long scanned = 0;
    for (VmSurface s : vm.surfaces()) {
      if (s.role() == role && s.disk().equals(disk)) {
        var r = s.surface().scan(MARKER);
        hits += r.hits();
        scanned += r.scanned();
      }
    }
    assertThat(scanned).as("sectors of %s on %s", disk, role).isPositive();
    return hits;
  }

  private KeyVault premiumVault(String name, boolean purgeProtection) {
    return vaults.createVault(VaultSpec.builder(name).region(REGION).sku(VaultSpec.Sku.PREMIUM).purgeProtection(purgeProtection)
        .build(), ADMIN);
  }

  private KeyBundle cvmKey(KeyVault store, String name) throws Exception {
    return store.createKey(ADMIN, name, KeySpec.rsaHsm(2048).withExportable()
        .withReleasePolicy(KeyReleasePolicy.confidentialVm(attestation.url())));
  }

  private static void grantOrchestrator(KeyVault store) {
    store.setAccessPolicy(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, KeyPermission.confidentialVmOrchestrator(), Set.of());
  }

  @Test
  void platformKey_diskEncryptedBeforeFirstBootByTheService_thenTheGuestPaysOnItsVcpu() throws Exception {
    VirtualMachine vm = cvm("cvm1");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE));

    assertThat(cde.account().usage().cryptoBytes()).isEqualTo(ConfidentialDiskEncryption.IMAGE_SECTORS * 512L);
    assertThat(cde.account().kind()).isEqualTo(AccountKind.PLATFORM_SERVICE);
    assertThat(vm.account().usage().cryptoBytes()).isZero();
    assertThat(vm.host().account().usage().cryptoBytes()).isZero();
    assertThat(vm.osDisk().managedDisk().securityProfile().securityEncryptionType()).contains(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE);

    vm.start();
    byte[] first = new byte[512];
    vm.osDisk().guestVolume().read(0, first, 0, 512);
    assertThat(new String(first, StandardCharsets.US_ASCII)).startsWith("image " + Image.UBUNTU_22_04.name() + " sector 0");
    long serviceBytes = cde.account().usage().cryptoBytes();
    write(vm.osDisk().guestVolume());
    assertThat(vm.account().usage().cryptoBytes()).isPositive();
    assertThat(vm.host().account().usage().cryptoBytes()).isZero();
    assertThat(cde.account().usage().cryptoBytes()).isEqualTo(serviceBytes);
    assertThat(hits(vm, SurfaceRole.STORAGE_MEDIA, "os")).isZero();
    assertThat(hits(vm, SurfaceRole.CACHE_MEDIA, "os")).isZero();
    assertThat(hits(vm, SurfaceRole.LINK, "os")).isZero();

    vm.stop();
    vm.start();
    assertThat(readsBack(vm.osDisk().guestVolume())).isTrue();
  }

  @Test
  void failedAttestation_refusesTheStart_thoughTheKeyIsFine_andHealingLetsItStart() throws Exception {
    VirtualMachine vm = cvm("cvm2");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE));
    vm.start();
    write(vm.osDisk().guestVolume());
    vm.stop();

    attestation.failPlatform(vm, "the host runs without SEV-SNP memory encryption");
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("attestation of VM cvm2 failed").hasMessageContaining("without SEV-SNP")
        .hasMessageContaining("not released")
        .hasRootCauseInstanceOf(AttestationFailedException.class);
    assertThat(vm.state()).isNotEqualTo(io.diskcrypt.core.topology.VmState.RUNNING);

    attestation.healPlatform(vm);
    vm.start();
    assertThat(readsBack(vm.osDisk().guestVolume())).isTrue();
  }

  @Test
  void vmGuestStateOnly_encryptsNoDisk_butStillAttestsAtEveryStart() throws Exception {
    VirtualMachine vm = cvm("cvm3");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.VM_GUEST_STATE_ONLY));
    assertThat(cde.account().usage().cryptoBytes()).isZero();
    attestation.failPlatform(vm, "no vTPM report");
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("no vTPM report");
    attestation.healPlatform(vm);
    vm.start();
    write(vm.osDisk().guestVolume());
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();
    assertThat(vm.account().usage().cryptoBytes()).isZero();
  }

  @Test
  void refused_onAVmThatIsNotConfidential() {
    VirtualMachine vm = cloud.vm("plain").image(Image.UBUNTU_22_04).size(VmSize.DC2AS_V5).osDisk(Sectors.gib(30), CachePolicy.READ_WRITE).build();
    assertThatThrownBy(() -> cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only on a confidential VM").hasMessageContaining("Standard");
  }

  @Test
  void refused_aConfidentialVmOnASizeWithoutTheCapability() {
    assertThatThrownBy(() -> cvm("cvm-d4", VmSize.D4S_V3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Standard_D4s_v3 cannot host a confidential VM");
  }

  @Test
  void refused_onADataDisk() {
    VirtualMachine vm = cvm("cvm4");
    assertThatThrownBy(() -> cde.enable(vm.dataDisks().get(0), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("covers the OS disk only").hasMessageContaining("data0");
  }

  @Test
  void refused_nonPersistedTpmOnAPersistentOsDisk() {
    VirtualMachine vm = cvm("cvm5");
    assertThatThrownBy(() -> cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.NON_PERSISTED_TPM)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NonPersistedTPM").hasMessageContaining("ephemeral OS disk");
  }

  @Test
  void refused_aCustomerSetWithVmGuestStateOnly() throws Exception {
    KeyVault store = premiumVault("kv-gso", true);
    grantOrchestrator(store);
    ConfidentialDiskEncryptionSet set = cde.createDiskEncryptionSet("des-gso", cvmKey(store, "k").id());
    VirtualMachine vm = cvm("cvm6");
    ConfidentialDiskSettings settings = new ConfidentialDiskSettings(SecurityEncryptionType.VM_GUEST_STATE_ONLY, java.util.Optional.of(set), false);
    assertThatThrownBy(() -> cde.enable(vm.osDisk(), settings)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs securityEncryptionType DiskWithVMGuestState, not VMGuestStateOnly");
  }

  @Test
  void refused_tempDiskEncryptionWithoutDiskEncryption_orWithoutATempDisk() {
    VirtualMachine noTemp = cvm("cvm7");
    assertThatThrownBy(() -> cde.enable(noTemp.osDisk(),
        ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE).withTempDiskEncryption()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no temp disk");
    VirtualMachine withTemp = cvm("cvm8", DC2ADS_V5);
    assertThatThrownBy(() -> cde.enable(withTemp.osDisk(),
        ConfidentialDiskSettings.platformKey(SecurityEncryptionType.VM_GUEST_STATE_ONLY).withTempDiskEncryption()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temp disk encryption (preview)")
        .hasMessageContaining("VMGuestStateOnly");
  }

  @Test
  void refused_unlessDeallocatedAndBeforeTheFirstBoot() throws Exception {
    VirtualMachine running = cvm("cvm9");
    running.start();
    assertThatThrownBy(() -> cde.enable(running.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("deallocate it first");
    write(running.osDisk());
    running.deallocate();
    assertThatThrownBy(() -> cde.enable(running.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before a VM's first boot");
  }

  @Test
  void tempDiskEncryption_isAnOptIn_theGuestEncryptsTheTempDisk() throws Exception {
    VirtualMachine plain = cvm("cvm10", DC2ADS_V5);
    cde.enable(plain.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE));
    plain.start();
    write(plain.tempDisk().orElseThrow().guestVolume());
    assertThat(hits(plain, SurfaceRole.TEMP_MEDIA, "temp")).isPositive();

    VirtualMachine opted = cvm("cvm11", DC2ADS_V5);
    cde.enable(opted.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE).withTempDiskEncryption());
    opted.start();
    write(opted.tempDisk().orElseThrow().guestVolume());
    assertThat(hits(opted, SurfaceRole.TEMP_MEDIA, "temp")).isZero();
    opted.stop();
    opted.start();
    assertThat(readsBack(opted.tempDisk().orElseThrow().guestVolume())).isTrue();
  }

  @Test
  void encryptionAtHost_coversTheOtherDisksOfAConfidentialVm() throws Exception {
    VirtualMachine vm = cvm("cvm12");
    EncryptionAtHost host = new EncryptionAtHost(sse);
    cloud.registerFeature(vm.subscription(), EncryptionAtHost.FEATURE);
    host.enable(vm);
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.platformKey(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE));
    vm.start();
    write(vm.dataDisks().get(0).guestVolume());
    assertThat(hits(vm, SurfaceRole.CACHE_MEDIA, "data0")).isZero();
    assertThat(hits(vm, SurfaceRole.LINK, "data0")).isZero();
    assertThat(vm.host().account().usage().cryptoBytes()).isPositive();
    vm.stop();
    vm.start();
    assertThat(readsBack(vm.dataDisks().get(0).guestVolume())).isTrue();
  }

  @Test
  void customerKey_inKeyVaultPremium_and_inAManagedHsm_bothWork_andADisabledKeyRefusesTheNextStart() throws Exception {
    KeyVault premium = premiumVault("kv-premium", true);
    grantOrchestrator(premium);
    KeyVault hsm = vaults.createVault(VaultSpec.managedHsm("contoso-hsm").region(REGION).purgeProtection(true).build(), ADMIN);
    hsm.assignRole(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, VaultRole.MANAGED_HSM_CRYPTO_SERVICE_RELEASE_USER);
    hsm.assignRole(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, VaultRole.MANAGED_HSM_CRYPTO_AUDITOR);
    for (KeyVault store : new KeyVault[] {premium, hsm}) {
      KeyBundle key = cvmKey(store, "cvm-key");
      ConfidentialDiskEncryptionSet set = cde.createDiskEncryptionSet("des-" + store.name(), key.id());
      assertThat(set.keyId()).isEqualTo(key.id());
      VirtualMachine vm = cvm("cvm-" + store.name());
      cde.enable(vm.osDisk(), ConfidentialDiskSettings.customerKey(set));
      assertThat(vm.osDisk().managedDisk().securityProfile().secureVmDiskEncryptionSetId()).contains(set.id());
      vm.start();
      write(vm.osDisk().guestVolume());
      vm.stop();

      store.keys().update(ADMIN, key.id(), KeyAttributesUpdate.disable());
      assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
          .satisfies(e -> assertThat(((VmStartException) e).keyProblem()).get()
              .extracting(KeyAccessException::reason).isEqualTo(KeyAccessException.Reason.DISABLED));
      store.keys().update(ADMIN, key.id(), KeyAttributesUpdate.enable());
      vm.start();
      assertThat(readsBack(vm.osDisk().guestVolume())).isTrue();
    }
  }

  @Test
  void refused_aKeyInAKeyVaultStandard() throws Exception {
    KeyVault standard = vaults.createVault(VaultSpec.builder("kv-standard").region(REGION).purgeProtection(true).build(), ADMIN);
    grantOrchestrator(standard);
    KeyBundle key = standard.createKey(ADMIN, "k", KeySpec.rsa(2048));
    assertThatThrownBy(() -> cde.createDiskEncryptionSet("des", key.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a Key Vault Standard").hasMessageContaining("Key Vault Premium or a Managed HSM");
  }

  @Test
  void refused_aStoreWithoutPurgeProtection() throws Exception {
    KeyVault store = premiumVault("kv-nopurge", false);
    grantOrchestrator(store);
    KeyBundle key = cvmKey(store, "k");
    assertThatThrownBy(() -> cde.createDiskEncryptionSet("des", key.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no purge protection");
  }

  @Test
  void refused_whenTheOrchestratorCannotReadTheKey() throws Exception {
    KeyVault store = premiumVault("kv-noget", true);
    KeyBundle key = cvmKey(store, "k");
    assertThatThrownBy(() -> cde.createDiskEncryptionSet("des", key.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Confidential VM Orchestrator cannot read key").hasMessageContaining("grant it get and release");
  }

  @Test
  void refused_atTheStart_whenTheOrchestratorMayReadButNotRelease() throws Exception {
    KeyVault store = premiumVault("kv-norelease", true);
    store.setAccessPolicy(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, Set.of(KeyPermission.GET), Set.of());
    ConfidentialDiskEncryptionSet set = cde.createDiskEncryptionSet("des", cvmKey(store, "k").id());
    VirtualMachine vm = cvm("cvm13");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.customerKey(set));
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("release")
        .satisfies(e -> assertThat(((VmStartException) e).keyProblem()).get()
            .extracting(KeyAccessException::reason).isEqualTo(KeyAccessException.Reason.ACCESS_REMOVED));
  }

  @Test
  void refused_aSoftwareKey_andANonExportableHsmKey() throws Exception {
    KeyVault store = premiumVault("kv-keys", true);
    grantOrchestrator(store);
    KeyBundle software = store.createKey(ADMIN, "soft", KeySpec.rsa(2048));
    assertThatThrownBy(() -> cde.createDiskEncryptionSet("des1", software.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is RSA").hasMessageContaining("needs an RSA-HSM key");
    KeyBundle fixed = store.createKey(ADMIN, "fixed", KeySpec.rsaHsm(2048));
    assertThatThrownBy(() -> cde.createDiskEncryptionSet("des2", fixed.id())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not exportable");
  }

  @Test
  void noAutomaticRotation_theSetKeepsItsKeyVersion() throws Exception {
    KeyVault store = premiumVault("kv-rotate", true);
    grantOrchestrator(store);
    KeyBundle key = cvmKey(store, "k");
    ConfidentialDiskEncryptionSet set = cde.createDiskEncryptionSet("des", key.id());
    VirtualMachine vm = cvm("cvm14");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.customerKey(set));
    vm.start();
    write(vm.osDisk().guestVolume());
    vm.stop();

    KeyBundle rotated = store.rotateKey(ADMIN, "k");
    assertThat(rotated.id()).isNotEqualTo(key.id());
    vm.start();
    assertThat(cde.current(set).keyId()).isEqualTo(key.id());
    assertThat(vm.osDisk().managedDisk().wrappedKey(GuestState.GUEST_STATE_KEY_SLOT).keyId()).isEqualTo(key.id());
    assertThat(readsBack(vm.osDisk().guestVolume())).isTrue();
  }

  @Test
  void manualKeyChange_refusedWhileAVmRuns_thenAppliedAtTheNextStart() throws Exception {
    KeyVault store = premiumVault("kv-change", true);
    grantOrchestrator(store);
    KeyBundle oldKey = cvmKey(store, "old");
    KeyBundle newKey = cvmKey(store, "new");
    ConfidentialDiskEncryptionSet set = cde.createDiskEncryptionSet("des", oldKey.id());
    VirtualMachine vm = cvm("cvm15");
    cde.enable(vm.osDisk(), ConfidentialDiskSettings.customerKey(set));
    vm.start();
    write(vm.osDisk().guestVolume());

    assertThatThrownBy(() -> cde.changeKey(set, newKey.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("while VM cvm15 is RUNNING").hasMessageContaining("stop every VM on the set");
    assertThat(cde.current(set).keyId()).isEqualTo(oldKey.id());

    vm.stop();
    ConfidentialDiskEncryptionSet changed = cde.changeKey(set, newKey.id());
    assertThat(changed.keyId()).isEqualTo(newKey.id());
    vm.start();
    assertThat(vm.osDisk().managedDisk().wrappedKey(GuestState.GUEST_STATE_KEY_SLOT).keyId()).isEqualTo(newKey.id());
    vm.stop();
    // The old key is no longer needed: the guest state now opens with the new one only.
    store.keys().update(ADMIN, oldKey.id(), KeyAttributesUpdate.disable());
    vm.start();
    assertThat(readsBack(vm.osDisk().guestVolume())).isTrue();
  }
}
