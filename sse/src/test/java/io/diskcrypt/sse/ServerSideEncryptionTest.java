package io.diskcrypt.sse;

import static io.diskcrypt.sse.Fixture.MARKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.ResourceJson;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.StorageCluster;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.provider.CustomerManagedKeys;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSideEncryptionTest {

  private static Map<String, Long> hitsBySurface(VirtualMachine vm) {
    return vm.surfaces().stream().collect(Collectors.toMap(
        s -> s.role() + " " + s.disk(), s -> s.surface().scan(MARKER).hits()));
  }

  private static void assertSseSurfaces(VirtualMachine vm) {
    assertThat(hitsBySurface(vm)).containsOnly(
        Map.entry("STORAGE_MEDIA os", 0L), Map.entry("CACHE_MEDIA os", 1L), Map.entry("LINK os", 1L),
        Map.entry("STORAGE_MEDIA data0", 0L), Map.entry("CACHE_MEDIA data0", 1L), Map.entry("LINK data0", 1L),
        Map.entry("TEMP_MEDIA temp", 1L));
  }

  /** Every encryption type encrypts at the storage cluster only: who holds the key changes nothing here. */
  @ParameterizedTest
  @EnumSource(EncryptionType.class)
  void enable_storageMediaCiphertext_tempCacheLinkPlaintext(EncryptionType type) throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    switch (type) {
      case PLATFORM_KEY -> f.sse.enablePlatformKey(vm);
      case CUSTOMER_KEY -> f.sse.enableCustomerKey(vm, f.des(false));
      case PLATFORM_AND_CUSTOMER_KEYS -> f.sse.enableDoubleEncryption(vm, f.des(false));
    }
    assertThat(vm.disk("data0").managedDisk().encryption().map(DiskEncryption::type)).contains(type);
    vm.start();
    Fixture.writeMarkers(vm);
    byte[] back = new byte[512];
    vm.disk("data0").read(7, back); // ReadOnly cache: fill it from storage, as a read does

    assertSseSurfaces(vm);
    assertThat(back).as("%s: the marker read back", type).isEqualTo(Fixture.markedSector(512));
  }

  @Test
  void cpu_chargedToStorageCluster_neverToVmOrHost() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, f.des(false));
    vm.start();
    f.cloud.ledger().reset();
    vm.disk("data0").write(3, new byte[4096]);
    vm.disk("data0").flush();

    assertThat(f.cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isEqualTo(4096);
    assertThat(f.cloud.ledger().total(AccountKind.VM_VCPU).cryptoBytes()).isZero();
    assertThat(f.cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    assertThat(vm.account().usage().cryptoNanos()).isZero();
  }

  @Test
  void encryptionType_setOnEveryManagedDisk_asTheRealResourceNamesIt() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine a = f.vm("a");
    VirtualMachine b = f.vm("b");
    VirtualMachine c = f.vm("c");
    f.sse.enablePlatformKey(a);
    f.sse.enableCustomerKey(b, des);
    f.sse.enableDoubleEncryption(c, des);

    assertThat(a.osDisk().managedDisk().encryption()).contains(DiskEncryption.PLATFORM_KEY);
    assertThat(b.disk("data0").managedDisk().encryption())
        .contains(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, des.id()));
    assertThat(c.osDisk().managedDisk().encryption())
        .contains(DiskEncryption.of(EncryptionType.PLATFORM_AND_CUSTOMER_KEYS, des.id()));
    assertThat(ResourceJson.disk(b.disk("data0").managedDisk()))
        .contains("\"type\": \"EncryptionAtRestWithCustomerKey\"").contains("\"diskEncryptionSetId\": \"" + des.id() + "\"");
    assertThat(ResourceJson.disk(c.osDisk().managedDisk()))
        .contains("\"type\": \"EncryptionAtRestWithPlatformAndCustomerKeys\"");
    assertThat(f.sse.diskEncryptionSetOf(b.osDisk().managedDisk())).contains(des);
    assertThat(f.sse.diskEncryptionSetOf(a.osDisk().managedDisk())).isEmpty();
  }

  @Test
  void dataKeys_perDiskRandom512Bit_onlyWrappedFormStored() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    CustomerManagedKeys cmk = new CustomerManagedKeys(f.vaults, f.desIdentity);

    WrappedKey os = vm.osDisk().managedDisk().wrappedKey(DiskKeys.DATA_KEY_SLOT);
    WrappedKey data = vm.disk("data0").managedDisk().wrappedKey(DiskKeys.DATA_KEY_SLOT);
    assertThat(os.keyId()).isEqualTo(des.activeKeyUrl());
    assertThat(vm.osDisk().managedDisk().wrappedKeys()).containsOnlyKeys(DiskKeys.DATA_KEY_SLOT);
    try (SecretKeyMaterial osKey = cmk.unwrap(os); SecretKeyMaterial dataKey = cmk.unwrap(data)) {
      assertThat(osKey.length()).isEqualTo(64);
      assertThat(osKey.equalsInConstantTime(dataKey)).isFalse();
    }
  }

  @Test
  void doubleEncryption_twoLayersWithDistinctKeys_mediaIsBothLayersBitExact() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableDoubleEncryption(vm, f.des(false));
    vm.start();
    byte[] plain = Fixture.markedSector(512);
    vm.disk("data0").write(9, plain);
    vm.disk("data0").flush();
    ManagedDisk disk = vm.disk("data0").managedDisk();
    WrappedKey customerWrapped = disk.wrappedKey(DiskKeys.DATA_KEY_SLOT);
    WrappedKey infraWrapped = disk.wrappedKey(DiskKeys.INFRASTRUCTURE_KEY_SLOT);

    assertThat(customerWrapped.keyId()).isEqualTo(f.key.id());
    assertThat(infraWrapped.keyId()).startsWith("platform://westeurope/");
    byte[] media = disk.media().readRaw(9).orElseThrow();
    try (SecretKeyMaterial outer = new CustomerManagedKeys(f.vaults, f.desIdentity).unwrap(customerWrapped);
        SecretKeyMaterial inner = f.platformKeys.unwrap(infraWrapped);
        SectorCipher innerCipher = XtsEngines.defaultEngine().newCipher(XtsParameters.AES_256_XTS_512, inner);
        SectorCipher outerCipher = XtsEngines.defaultEngine().newCipher(XtsParameters.AES_256_XTS_512, outer)) {
      assertThat(outer.equalsInConstantTime(inner)).isFalse();
      innerCipher.decrypt(9, media, 0, 512);
      assertThat(media).isNotEqualTo(plain);
      outerCipher.decrypt(9, media, 0, 512);
      assertThat(media).isEqualTo(plain);
    }
    assertThat(f.cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isEqualTo(2 * 512);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void everySector_readsBackBitExact_underEachType(long seed) throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    long[] sectors = {0, 1, 7, 4095, 2_000_000_000L};
    for (EncryptionType type : EncryptionType.values()) {
      VirtualMachine vm = f.vm("vm-" + type.ordinal());
      switch (type) {
        case PLATFORM_KEY -> f.sse.enablePlatformKey(vm);
        case CUSTOMER_KEY -> f.sse.enableCustomerKey(vm, des);
        case PLATFORM_AND_CUSTOMER_KEYS -> f.sse.enableDoubleEncryption(vm, des);
      }
      vm.start();
      VirtualDisk data = vm.disk("data0");
      byte[][] written = Fixture.writeRandom(data, seed, sectors);
      vm.deallocate();
      vm.start();
      for (int i = 0; i < sectors.length; i++) {
        byte[] back = new byte[512];
        data.read(sectors[i], back);
        assertThat(back).as("seed %d, %s, sector %d", seed, type, sectors[i]).isEqualTo(written[i]);
        assertThat(data.managedDisk().media().readRaw(sectors[i]).orElseThrow())
            .as("seed %d, %s, sector %d", seed, type, sectors[i]).isNotEqualTo(written[i]);
      }
    }
  }

  @Test
  void fourKibSectors_doubleEncryption_readsBackBitExact() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.cloud.vm("vm4k").sectorSize(io.diskcrypt.core.block.SectorSize.S4096)
        .dataDisk(io.diskcrypt.core.block.Sectors.gib(16), io.diskcrypt.core.topology.CachePolicy.NONE).build();
    f.sse.enableDoubleEncryption(vm, f.des(false));
    vm.start();
    byte[][] written = Fixture.writeRandom(vm.disk("data0"), 4096, new long[] {0, 1, 1000});
    vm.deallocate();
    vm.start();

    byte[] back = new byte[4096];
    vm.disk("data0").read(1000, back);
    assertThat(back).as("seed 4096").isEqualTo(written[2]);
    assertThat(vm.disk("data0").managedDisk().media().readRaw(1000).orElseThrow()).isNotEqualTo(written[2]);
  }

  @Test
  void enable_onRunningVm_refused() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    vm.start();

    assertThatThrownBy(() -> f.sse.enablePlatformKey(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vm1").hasMessageContaining("deallocate");
    assertThatThrownBy(() -> f.sse.enableCustomerKey(vm, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deallocate");
    assertThatThrownBy(() -> f.sse.enableDoubleEncryption(vm, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deallocate");
  }

  @Test
  void enable_onStoppedButAllocatedVm_refused() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    vm.start();
    vm.stop();

    assertThatThrownBy(() -> f.sse.enablePlatformKey(vm)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOPPED");
  }

  @Test
  void customerKey_onDiskThatEverHadAde_refusedClearly() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    vm.disk("data0").managedDisk().markEverHadGuestEncryption();

    assertThatThrownBy(() -> f.sse.enableCustomerKey(vm, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vm1-data0").hasMessageContaining("Azure Disk Encryption")
        .hasMessageContaining("customer-managed key");
    assertThatThrownBy(() -> f.sse.enableDoubleEncryption(vm, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Azure Disk Encryption");
    assertThat(vm.osDisk().managedDisk().encryption().map(DiskEncryption::type)).as("nothing changed on any disk").isEmpty();
    f.sse.enablePlatformKey(vm);
    assertThat(vm.osDisk().managedDisk().encryption().map(DiskEncryption::type)).contains(EncryptionType.PLATFORM_KEY);
  }

  /** Issue 18: a snapshot of a disk that had ADE, and a disk made from it, keep the mark; an upload does not. */
  @Test
  void customerKey_onDiskMadeFromSnapshotOfAdeDisk_refused_onUploadDisk_accepted() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    vm.disk("data0").managedDisk().markEverHadGuestEncryption();
    StorageCluster cluster = f.cloud.storageCluster();
    ManagedDisk restored = cluster.createDisk("restored", cluster.snapshot(vm.disk("data0").managedDisk(), "snap"));
    ManagedDisk uploaded = cluster.createUploadDisk("uploaded", restored.sizeBytes(), restored.sectorSize());

    assertThatThrownBy(() -> f.sse.enableCustomerKey(restored, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restored").hasMessageContaining("Azure Disk Encryption");
    f.sse.enableCustomerKey(uploaded, des);
    assertThat(uploaded.encryption().map(DiskEncryption::type)).contains(EncryptionType.CUSTOMER_KEY);
  }

  @Test
  void enable_onDiskHoldingPlaintext_reencryptsItWithoutLoss() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    vm.start();
    Fixture.writeMarkers(vm);
    vm.deallocate();

    f.sse.enablePlatformKey(vm);

    assertThat(f.sse.dataSectorsReencrypted()).isEqualTo(2);
    assertThat(vm.osDisk().managedDisk().media().scan(MARKER).hits()).isZero();
    vm.start();
    byte[] back = new byte[512];
    vm.osDisk().read(7, back);
    assertThat(back).isEqualTo(Fixture.markedSector(512));
  }

  @Test
  void platformToCustomerKey_rewrapsOnly_noSectorReencrypted() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enablePlatformKey(vm);
    vm.start();
    Fixture.writeMarkers(vm);
    vm.deallocate();
    byte[] before = vm.osDisk().managedDisk().media().readRaw(7).orElseThrow();

    f.sse.enableCustomerKey(vm, des);

    assertThat(f.sse.dataSectorsReencrypted()).isZero();
    assertThat(vm.osDisk().managedDisk().media().readRaw(7).orElseThrow()).isEqualTo(before);
    assertThat(vm.osDisk().managedDisk().wrappedKey(DiskKeys.DATA_KEY_SLOT).keyId()).isEqualTo(des.activeKeyUrl());
    vm.start();
    byte[] back = new byte[512];
    vm.osDisk().read(7, back);
    assertThat(back).isEqualTo(Fixture.markedSector(512));
  }

  @Test
  void doubleEncryption_removal_refused() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableDoubleEncryption(vm, des);

    assertThatThrownBy(() -> f.sse.enableCustomerKey(vm, des)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("double encryption");
  }

  @Test
  void foreignDiskEncryptionSet_refused() throws Exception {
    Fixture f = new Fixture();
    Fixture other = new Fixture();
    DiskEncryptionSet foreign = other.des(false);
    VirtualMachine vm = f.vm("vm1");

    assertThatThrownBy(() -> f.sse.enableCustomerKey(vm, foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("des1");
  }

  @Test
  void constructor_platformKeysOfAnotherRegion_refused() throws Exception {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> new ServerSideEncryption(f.cloud, f.vaults,
        new io.diskcrypt.keyvault.provider.PlatformManagedKeys("northeurope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("northeurope");
  }

  /**
   * Issue 15: Azure returns zeros for never-written ranges of a managed disk; the storage cluster's
   * layers used to decrypt them to noise. Platform key, customer key and both.
   */
  @ParameterizedTest
  @EnumSource(value = EncryptionType.class, names = {"PLATFORM_KEY", "CUSTOMER_KEY", "PLATFORM_AND_CUSTOMER_KEYS"})
  void neverWrittenSectorsReadAsZeros_besideWrittenOnes(EncryptionType type) throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    switch (type) {
      case PLATFORM_KEY -> f.sse.enablePlatformKey(vm);
      case CUSTOMER_KEY -> f.sse.enableCustomerKey(vm, f.des(false));
      default -> f.sse.enableDoubleEncryption(vm, f.des(false));
    }
    vm.start();
    byte[] marked = Fixture.markedSector(512);
    vm.disk("data0").write(301, marked);

    byte[] back = new byte[3 * 512];
    vm.disk("data0").read(300, back);
    byte[] os = new byte[512];
    vm.osDisk().read(9000, os);

    assertThat(Arrays.copyOfRange(back, 0, 512)).as("%s: sector 300, never written", type).isEqualTo(new byte[512]);
    assertThat(Arrays.copyOfRange(back, 512, 1024)).as("%s: sector 301", type).isEqualTo(marked);
    assertThat(Arrays.copyOfRange(back, 1024, 1536)).as("%s: sector 302, never written", type).isEqualTo(new byte[512]);
    assertThat(os).as("%s: OS disk, never written", type).isEqualTo(new byte[512]);
  }
}
