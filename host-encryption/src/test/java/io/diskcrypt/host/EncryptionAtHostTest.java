package io.diskcrypt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.PathLayer;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.ResourceJson;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.DiskEncryptionSet;
import io.diskcrypt.sse.ServerSideEncryption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionAtHostTest {
  private static final String REGION = "westeurope";
  private static final byte[] MARKER = "PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);

  private SimClock clock;
  private Cloud cloud;
  private KeyVaultService vaults;
  private Identity admin;
  private KeyVault vault;
  private KeyBundle key;
  private ServerSideEncryption sse;
  private EncryptionAtHost eah;

  @BeforeEach
  void setUp() throws Exception {
    clock = new SimClock();
    cloud = Cloud.create(REGION, clock);
    vaults = new KeyVaultService(clock);
    admin = Identity.user("admin");
    vault = vaults.createVault(VaultSpec.builder("contoso-disks").region(REGION).purgeProtection(true).build(), admin);
    key = vault.createKey(admin, "disk-cmk", KeySpec.rsa(2048));
    vault.setAccessPolicy(Identity.managed("des1"), KeyPermission.diskEncryptionSet(), Set.of());
    sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(REGION));
    eah = new EncryptionAtHost(sse);
    cloud.registerFeature("sub-0001", EncryptionAtHost.FEATURE);
  }

  private DiskEncryptionSet des() throws KeyAccessException {
    return sse.createDiskEncryptionSet("des1", key.id(), Identity.managed("des1"), false);
  }

  private VirtualMachine vm(String name) {
    return cloud.vm(name).dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
  }

  private static byte[] marked() {
    byte[] sector = new byte[512];
    System.arraycopy(MARKER, 0, sector, 100, MARKER.length);
    return sector;
  }

  private static void writeMarkers(VirtualMachine vm) {
    for (VirtualDisk disk : vm.disks()) {
      disk.write(7, marked());
      disk.flush();
    }
    byte[] back = new byte[512];
    vm.disk("data0").read(7, back);
    assertThat(back).isEqualTo(marked());
  }

  private static Map<String, Long> hitsBySurface(VirtualMachine vm) {
    return vm.surfaces().stream().collect(Collectors.toMap(
        s -> s.role() + " " + s.disk(), s -> s.surface().scan(MARKER).hits()));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void enabled_ciphertextOnEverySurface_plaintextOnNone(boolean customerKey) throws Exception {
    VirtualMachine vm = vm("vm1");
    if (customerKey) {
      sse.enableCustomerKey(vm, des());
    }
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);

    Map<String, Long> hits = hitsBySurface(vm);
    assertThat(hits).hasSize(7).allSatisfy((surface, n) -> assertThat(n).as(surface).isZero());
    assertThat(vm.surfaces()).as("every surface saw the bytes").allSatisfy(s -> assertThat(s.surface().sectorsHeld()).as(s.role() + " " + s.disk()).isPositive());
  }

  @Test
  void enabled_storageStoresTheHostsCiphertext_noSecondLayer() throws Exception {
    VirtualMachine vm = vm("vm1");
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);

    for (VirtualDisk disk : vm.dataDisks()) {
      byte[] onWire = vm.surfaces().stream()
          .filter(s -> s.disk().equals(disk.name()) && s.role().name().equals("LINK")).findFirst().orElseThrow()
          .surface().readRaw(7).orElseThrow();
      assertThat(disk.managedDisk().media().readRaw(7).orElseThrow()).isEqualTo(onWire);
    }
    assertThat(cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isZero();
  }

  @Test
  void enabled_hostEncryptsEachByteOnce_cacheAndLinkGetTheSameCiphertext() throws Exception {
    VirtualMachine vm = vm("vm1");
    eah.enable(vm);
    vm.start();
    VirtualDisk data = vm.disk("data0");
    byte[] io = new byte[64 * 1024];
    new Random(5).nextBytes(io);

    long before = hostCryptoBytes();
    data.write(0, io);
    assertThat(hostCryptoBytes() - before).as("a ReadOnly-cached write: one encryption, not one per copy").isEqualTo(io.length);
    byte[] cached = rawSector(vm, "CACHE_MEDIA", 9);
    assertThat(cached).isEqualTo(rawSector(vm, "LINK", 9)).isEqualTo(data.managedDisk().media().readRaw(9).orElseThrow());

    vm.deallocate(); // wipes the host cache
    vm.start();
    byte[] back = new byte[io.length];
    before = hostCryptoBytes();
    data.read(0, back);
    assertThat(back).as("seed 5").isEqualTo(io);
    assertThat(hostCryptoBytes() - before).as("a cache miss: the ciphertext is cached as it came, decrypted once").isEqualTo(io.length);
    assertThat(rawSector(vm, "CACHE_MEDIA", 9)).isEqualTo(cached);
  }

  private long hostCryptoBytes() {
    return cloud.ledger().total(AccountKind.HOST).cryptoBytes();
  }

  private static byte[] rawSector(VirtualMachine vm, String role, long sector) {
    return vm.surfaces().stream().filter(s -> s.disk().equals("data0") && s.role().name().equals(role)).findFirst()
        .orElseThrow().surface().readRaw(sector).orElseThrow();
  }

  @Test
  void enabled_cpuOnHost_zeroOnVmVcpu() throws Exception {
    VirtualMachine vm = vm("vm1");
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);

    assertThat(cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isPositive();
    assertThat(vm.host().account().usage().cryptoBytes()).isPositive();
    assertThat(vm.account().usage().cryptoBytes()).isZero();
    assertThat(vm.account().usage().cryptoNanos()).isZero();
    assertThat(cloud.ledger().total(AccountKind.VM_VCPU).cryptoNanos()).isZero();
  }

  /** Issue 15: Azure returns zeros for never-written ranges of a managed disk, encryption at host or not. */
  @Test
  void enabled_neverWrittenSectorsReadAsZeros_besideWrittenOnes() throws Exception {
    VirtualMachine vm = vm("vm1");
    sse.enableCustomerKey(vm, des());
    eah.enable(vm);
    vm.start();
    vm.disk("data0").write(201, marked());

    byte[] back = new byte[3 * 512];
    vm.disk("data0").read(200, back);
    byte[] os = new byte[512];
    vm.osDisk().read(5000, os);

    assertThat(Arrays.copyOfRange(back, 0, 512)).as("sector 200, never written").isEqualTo(new byte[512]);
    assertThat(Arrays.copyOfRange(back, 512, 1024)).as("sector 201").isEqualTo(marked());
    assertThat(Arrays.copyOfRange(back, 1024, 1536)).as("sector 202, never written").isEqualTo(new byte[512]);
    assertThat(os).as("OS disk (ReadWrite cache), never written").isEqualTo(new byte[512]);
  }

  @Test
  void enabled_guestSeesNoChange_dataBitExactAcrossRestart() throws Exception {
    VirtualMachine vm = vm("vm1");
    sse.enableCustomerKey(vm, des());
    eah.enable(vm);
    vm.start();
    Random random = new Random(11);
    byte[] os = new byte[512];
    byte[] data = new byte[512];
    random.nextBytes(os);
    random.nextBytes(data);
    vm.osDisk().write(100, os);
    vm.disk("data0").write(200, data);
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();
    vm.deallocate();
    vm.start();

    byte[] back = new byte[512];
    vm.osDisk().read(100, back);
    assertThat(back).as("seed 11").isEqualTo(os);
    vm.disk("data0").read(200, back);
    assertThat(back).as("seed 11").isEqualTo(data);
  }

  @Test
  void enable_setsVmSecurityProfile_andTheHostBuildsItsLayers() throws Exception {
    VirtualMachine vm = vm("vm1");
    eah.enable(vm);

    assertThat(vm.securityProfile().encryptionAtHost()).isTrue();
    assertThat(ResourceJson.vm(vm)).contains("\"encryptionAtHost\": true");
    assertThat(EncryptionAtHost.enabled(vm)).isTrue();
    assertThat(vm.osDisk().managedDisk().encryption().map(DiskEncryption::type)).contains(EncryptionType.PLATFORM_KEY);
    vm.start();
    assertThat(vm.osDisk().pathLayers()).extracting(PathLayer::placement, PathLayer::option)
        .containsExactly(tuple(Placement.HOST_DISK, EncryptionAtHost.OPTION));
    assertThat(vm.disk("temp").pathLayers()).extracting(PathLayer::placement, PathLayer::option)
        .containsExactly(tuple(Placement.HOST_TEMP_MEDIA, EncryptionAtHost.OPTION));
  }

  @Test
  void secondHostOption_refused_namingTheFirst() {
    assertThatThrownBy(() -> new EncryptionAtHost(sse)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HOST_DISK").hasMessageContaining(EncryptionAtHost.OPTION);
  }

  @Test
  void tempDisk_platformKeyOnly_evenWhenDisksUseCustomerKey() throws Exception {
    VirtualMachine vm = vm("vm1");
    sse.enableCustomerKey(vm, des());
    eah.enable(vm);
    vm.start();

    assertThat(eah.tempDiskKeyId(vm)).get().asString().startsWith("platform://" + REGION + "/");
    assertThat(vm.osDisk().managedDisk().encryption().map(DiskEncryption::type)).contains(EncryptionType.CUSTOMER_KEY);
  }

  @Test
  void v5SizeWithTempDisk_hostLayerOverThePlatformsMediaEncryption_twoKeysReadsBack() throws Exception {
    VirtualMachine vm = cloud.vm("v5").size(VmSize.D4DS_V5).dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);

    assertThat(hitsBySurface(vm)).hasSize(7).allSatisfy((surface, n) -> assertThat(n).as(surface).isZero());
    VirtualDisk temp = vm.tempDisk().orElseThrow();
    assertThat(temp.pathLayers()).extracting(l -> l.layer().keyDescription()).hasSize(2)
        .satisfiesExactly(
            drive -> assertThat(drive).contains("local drive").contains("Standard_D4ds_v5"),
            host -> assertThat(host).contains("encryption at host"));
    byte[] back = new byte[512];
    vm.stop();
    vm.start();
    vm.tempDisk().orElseThrow().read(7, back);
    assertThat(back).isEqualTo(marked());
  }

  @Test
  void customerKeyRevoked_vmStoppedAsWithSse_tempDiskKeyDoesNotDependOnIt() throws Exception {
    VirtualMachine vm = vm("vm1");
    sse.enableCustomerKey(vm, des());
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);

    vault.keys().update(admin, key.id(), KeyAttributesUpdate.disable());
    clock.advance(Duration.ofMinutes(59));
    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    vm.disk("data0").read(7, new byte[512]);
    clock.advance(Duration.ofMinutes(1));

    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
    assertThatThrownBy(() -> vm.disk("data0").read(7, new byte[512]))
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("disk-cmk");
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("disk os").hasMessageContaining("disk-cmk");
    assertThat(eah.tempDiskKeyId(vm)).get().asString().startsWith("platform://");

    vault.keys().update(admin, key.id(), KeyAttributesUpdate.enable());
    vm.start();
    byte[] back = new byte[512];
    vm.disk("temp").read(7, back);
    assertThat(back).as("temp disk under the platform key survived the stop").isEqualTo(marked());
    vm.osDisk().read(7, back);
    assertThat(back).isEqualTo(marked());
  }

  @Test
  void enable_withoutRegisteredFeature_refused() {
    VirtualMachine vm = cloud.vm("other").subscription("sub-0002").build();

    assertThatThrownBy(() -> eah.enable(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Microsoft.Compute/EncryptionAtHost").hasMessageContaining("sub-0002");
    assertThat(EncryptionAtHost.enabled(vm)).isFalse();
  }

  @Test
  void enable_onUnsupportedSize_refused() {
    VirtualMachine vm = cloud.vm("old").size(VmSize.A2_V2).build();

    assertThatThrownBy(() -> eah.enable(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Standard_A2_v2").hasMessageContaining("EncryptionAtHostSupported");
  }

  @Test
  void enable_whileRunning_refused() throws Exception {
    VirtualMachine vm = vm("vm1");
    vm.start();

    assertThatThrownBy(() -> eah.enable(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deallocate").hasMessageContaining("RUNNING");
    assertThat(EncryptionAtHost.enabled(vm)).isFalse();
  }

  /** The ADE mark on the VM itself or on any one of its managed disks refuses, and nothing changes. */
  @ParameterizedTest(name = "marked: {0}")
  @ValueSource(strings = {"vm", "os", "data0"})
  void enable_onVmOrDiskThatEverHadAde_refused(String marked) {
    VirtualMachine vm = vm("vm1");
    if (marked.equals("vm")) {
      vm.markEverHadGuestEncryption();
    } else {
      vm.disk(marked).managedDisk().markEverHadGuestEncryption();
    }

    assertThatThrownBy(() -> eah.enable(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Azure Disk Encryption").hasMessageContaining("vm1")
        .hasMessageContaining(marked.equals("vm") ? "VM vm1 was once" : "has disk vm1-" + marked + ", which was once");
    assertThat(EncryptionAtHost.enabled(vm)).isFalse();
  }

  @Test
  void disable_whileRunning_refused_deallocated_backToStorageEncryptionWithSameBytes() throws Exception {
    VirtualMachine vm = vm("vm1");
    eah.enable(vm);
    vm.start();
    writeMarkers(vm);
    byte[] stored = vm.osDisk().managedDisk().media().readRaw(7).orElseThrow();

    assertThatThrownBy(() -> eah.disable(vm)).isInstanceOf(IllegalStateException.class).hasMessageContaining("deallocate");
    vm.deallocate();
    eah.disable(vm);
    vm.start();

    assertThat(vm.securityProfile().encryptionAtHost()).isFalse();
    byte[] back = new byte[512];
    vm.osDisk().read(7, back);
    assertThat(back).isEqualTo(marked());
    assertThat(vm.osDisk().managedDisk().media().readRaw(7).orElseThrow()).isEqualTo(stored);
    vm.disk("temp").write(7, marked());
    assertThat(vm.disk("temp").hostMedia().scan(MARKER).hits()).as("temp disk plaintext again").isEqualTo(1);
  }
}
