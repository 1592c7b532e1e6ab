package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.hits;
import static io.diskcrypt.ade.AdeFixture.marked;
import static io.diskcrypt.ade.AdeFixture.writeMarkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksHeaderInfo;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.ade.luks.MalformedHeaderException;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.model.VmExtension;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.ResourceJson;
import io.diskcrypt.core.topology.Snapshot;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.SecretBundle;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdeLinuxTest {
  private final AdeFixture f = new AdeFixture();

  @Test
  void enableFormatAll_plaintextWrittenAfterwards_onNoSurface() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();

    // the temp disk too: EncryptFormatAll with VolumeType All
    f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .volumeType(VolumeType.ALL).build());
    writeMarkers(vm, 9);

    assertThat(hits(vm)).allSatisfy((surface, count) -> assertThat(count).as(surface).isZero());
    assertThat(hits(vm)).containsKeys("STORAGE_MEDIA os", "CACHE_MEDIA os", "LINK os", "STORAGE_MEDIA data0",
        "CACHE_MEDIA data0", "LINK data0", "TEMP_MEDIA temp");
    for (VirtualDisk disk : vm.disks()) {
      byte[] back = new byte[512];
      disk.guestVolume().read(9, back);
      assertThat(back).as(disk.name()).isEqualTo(marked(512));
    }
  }

  @Test
  void enable_cryptoChargedToVmVcpuOnly() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    writeMarkers(vm, 30);
    f.cloud.ledger().reset();
    f.adeFullPass.enable(vm, f.settings().build());

    // the in-place passes (full over the OS volume, thin over the data disk) ran in the guest
    assertThat(vm.account().usage().cryptoBytes()).isGreaterThanOrEqualTo(vm.osDisk().sizeBytes() - (16L << 20));
    assertThat(f.cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    assertThat(f.cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isZero();
    f.cloud.ledger().reset();

    writeMarkers(vm, 3);

    // os and data0; the temp disk stays plaintext without EncryptFormatAll
    assertThat(vm.account().usage().cryptoBytes()).isEqualTo(2 * 512);
    assertThat(f.cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    assertThat(f.cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 20260101L})
  void enable_existingData_survivesInPlaceEncryption(long seed) throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    Random random = new Random(seed);
    Map<Long, byte[]> os = writeRandom(vm.osDisk(), random, 40);
    Map<Long, byte[]> data = writeRandom(vm.disk("data0"), random, 40);

    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());

    assertReads(vm.osDisk().guestVolume(), os, seed);
    assertReads(vm.disk("data0").guestVolume(), data, seed);
    vm.stop();
    vm.start();
    assertReads(vm.osDisk().guestVolume(), os, seed);
    assertReads(vm.disk("data0").guestVolume(), data, seed);
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, 1L, 2L, 5L, 9L, 14L})
  void enable_crashDuringOsFullPass_resumesOnRerun_keepingEveryByte(long crashAtWrite) throws Exception {
    VirtualMachine vm = f.smallOsVm();
    vm.start();
    Map<Long, byte[]> os = writeRandom(vm.osDisk(), new Random(crashAtWrite), 60);
    f.adeFullPass.injectCrash(CrashInjector.atWrite(crashAtWrite, 3));

    assertThatThrownBy(() -> f.adeFullPass.enable(vm, f.settings().volumeType(VolumeType.OS).build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("enable ADE again to resume");
    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
    assertThat(f.adeFullPass.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.NOT_ENCRYPTED);

    f.adeFullPass.injectCrash(CrashInjector.none());
    vm.start();
    AdeStatus status = f.adeFullPass.enable(vm, f.settings().volumeType(VolumeType.OS).build());

    assertThat(status.disk("os").volumeFormat().orElseThrow()).contains("full resumable pass");
    assertReads(vm.osDisk().guestVolume(), os, crashAtWrite);
    byte[] zeros = new byte[512];
    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(os.keySet().iterator().next() == 0 ? 1 : 0, back);
    assertThat(back).as("an unwritten sector still reads as zeros").isEqualTo(zeros);
    vm.stop();
    vm.start();
    assertReads(vm.osDisk().guestVolume(), os, crashAtWrite);
  }

  @Test
  void enable_osDiskAboveFullPassLimit_thinPass() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    Map<Long, byte[]> os = writeRandom(vm.osDisk(), new Random(9), 30);

    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());

    assertThat(status.disk("os").volumeFormat().orElseThrow()).doesNotContain("full resumable pass");
    assertReads(vm.osDisk().guestVolume(), os, 9);
    assertThat(vm.osDisk().managedDisk().media().sectorsHeld()).isLessThan(2000);
  }

  @Test
  void enable_existingPlaintext_noLongerOnStorageMedia() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    writeMarkers(vm, 100);

    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());
    vm.deallocate();

    assertThat(hits(vm)).containsEntry("STORAGE_MEDIA os", 0L).containsEntry("STORAGE_MEDIA data0", 0L);
  }

  @Test
  void enable_dataInTheTail_refusedKeepingData() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    VirtualDisk data = vm.disk("data0");
    long last = data.sectorCount() - 1;
    data.write(last, marked(512));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("vm1/data0")
        .hasMessageContaining("shrink the file system");
    byte[] back = new byte[512];
    data.guestVolume().read(last, back);
    assertThat(back).isEqualTo(marked(512));
  }

  @Test
  void enableFormatAll_formatsDataAndTemp_keepsOs() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    writeMarkers(vm, 50);

    f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL).build());

    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(50, back);
    assertThat(back).isEqualTo(marked(512));
    vm.disk("data0").guestVolume().read(50, back);
    assertThat(back).isNotEqualTo(marked(512));
    vm.tempDisk().orElseThrow().guestVolume().read(50, back);
    assertThat(back).isNotEqualTo(marked(512));
    vm.deallocate();
    assertThat(hits(vm)).containsEntry("STORAGE_MEDIA data0", 0L).containsEntry("STORAGE_MEDIA os", 0L);
  }

  /**
   * Microsoft Learn: the Linux temp disk is encrypted only with EncryptFormatAll and VolumeType Data or
   * All; VolumeType All alone, and EncryptFormatAll with OS, leave it plaintext (the old rule encrypted it
   * whenever VolumeType was All).
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ENABLE_ENCRYPTION, OS", "ENABLE_ENCRYPTION, DATA", "ENABLE_ENCRYPTION, ALL",
      "ENABLE_ENCRYPTION_FORMAT_ALL, OS", "ENABLE_ENCRYPTION_FORMAT_ALL, DATA", "ENABLE_ENCRYPTION_FORMAT_ALL, ALL"})
  void enable_tempDiskOnlyWithFormatAllAndData(EncryptionOperation operation, VolumeType type) throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();

    AdeStatus status = f.ade.enable(vm, f.settings().operation(operation).volumeType(type).build());
    writeMarkers(vm, 5);

    boolean tempEncrypted = operation == EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL && type != VolumeType.OS;
    assertThat(status.disk("temp").state()).isEqualTo(tempEncrypted ? EncryptionState.ENCRYPTED : EncryptionState.NOT_ENCRYPTED);
    assertThat(hits(vm).get("TEMP_MEDIA temp")).isEqualTo(tempEncrypted ? 0L : 1L);
    assertThat(status.osVolumeEncrypted()).isEqualTo(type.includesOs() ? EncryptionState.ENCRYPTED : EncryptionState.NOT_ENCRYPTED);
    assertThat(status.dataVolumesEncrypted()).isEqualTo(type.includesData() ? EncryptionState.ENCRYPTED : EncryptionState.NOT_ENCRYPTED);
    assertThat(hits(vm).get("STORAGE_MEDIA os")).isEqualTo(type.includesOs() ? 0L : 1L);
    assertThat(hits(vm).get("STORAGE_MEDIA data0")).isEqualTo(type.includesData() ? 0L : 1L);
  }

  @Test
  void enableFormatAllWithDataOnly_encryptsTempToo() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();

    AdeStatus status = f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .volumeType(VolumeType.DATA).build());

    assertThat(status.disk("temp").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(status.disk("os").state()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
  }

  @Test
  void enable_ubuntu2204_luks2With512BitKey_osHeaderDetached() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().build());

    VirtualDisk os = vm.osDisk();
    long boot = LinuxGuest.RESERVED_BYTES / 512;
    LuksHeaderInfo osHeader = Luks.inspect(LinuxGuest.slice(os, os.sectorCount() - boot, boot),
        LinuxGuest.slice(os, 0, os.sectorCount() - boot));
    LuksHeaderInfo dataHeader = Luks.inspect(vm.disk("data0"), vm.disk("data0"));

    assertThat(osHeader.version()).isEqualTo(LuksVersion.LUKS2);
    assertThat(osHeader.keyBits()).isEqualTo(512);
    assertThat(osHeader.dataOffset()).isZero();
    assertThat(dataHeader.keyBits()).isEqualTo(512);
    assertThat(dataHeader.dataOffset()).isEqualTo(16L << 20);
    assertThatThrownBy(() -> Luks.inspect(os, os)).isInstanceOf(MalformedHeaderException.class);
    assertThat(status.disk("os").volumeFormat().orElseThrow()).contains("LUKS2", "512-bit", "osluksheader");
  }

  @Test
  void enable_ubuntu1804_luks1With256BitKey() throws Exception {
    Image bionic = new Image("Canonical:UbuntuServer:18.04-LTS", OsType.LINUX, "Ubuntu 18.04", false);
    VirtualMachine vm = f.vm(bionic);
    vm.start();
    Map<Long, byte[]> data = writeRandom(vm.disk("data0"), new Random(7), 10);

    f.ade.enable(vm, f.settings().build());

    LuksHeaderInfo header = Luks.inspect(vm.disk("data0"), vm.disk("data0"));
    assertThat(header.version()).isEqualTo(LuksVersion.LUKS1);
    assertThat(header.keyBits()).isEqualTo(256);
    assertReads(vm.disk("data0").guestVolume(), data, 7);
    vm.stop();
    vm.start();
    assertReads(vm.disk("data0").guestVolume(), data, 7);
  }

  @Test
  void enable_4096ByteSectors_luks2SectorSize4096_dataSurvives() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04, SectorSize.S4096);
    vm.start();
    vm.disk("data0").write(3, marked(4096));

    f.ade.enable(vm, f.settings().build());

    assertThat(Luks.inspect(vm.disk("data0"), vm.disk("data0")).sectorSize()).isEqualTo(SectorSize.S4096);
    byte[] back = new byte[4096];
    vm.disk("data0").guestVolume().read(3, back);
    assertThat(back).isEqualTo(marked(4096));
    vm.deallocate();
    assertThat(hits(vm).get("STORAGE_MEDIA data0")).isZero();
  }

  @Test
  void enable_storesAdePassphraseSecretWithTags() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().build());

    String url = status.disk("os").secretUrl().orElseThrow();
    SecretBundle secret = f.vault.secrets().get(f.user, url);

    assertThat(secret.objectId().isVersioned()).isTrue();
    assertThat(secret.name()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(secret.value()).hasSize(172);
    assertThat(Base64.getDecoder().decode(secret.value())).hasSize(127);
    assertThat(secret.contentType()).contains("BEK");
    assertThat(secret.tags()).containsEntry("DiskEncryptionKeyFileName", "LinuxPassPhraseFileName")
        .containsEntry("MachineName", vm.name()).doesNotContainKey("DiskEncryptionKeyEncryptionKeyURL");
    assertThat(status.disk("data0").secretUrl()).contains(url);
  }

  @ParameterizedTest
  @EnumSource(KeyEncryptionAlgorithm.class)
  void enable_withKek_storesWrappedBek_andBootsWithIt(KeyEncryptionAlgorithm algorithm) throws Exception {
    String kek = f.kek("kek", 2048);
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).keyEncryptionAlgorithm(algorithm)
        .operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL).build());
    writeMarkers(vm, 4);

    SecretBundle secret = f.vault.secrets().get(f.user, status.disk("os").secretUrl().orElseThrow());
    assertThat(secret.contentType()).contains("Wrapped BEK");
    assertThat(secret.tags()).containsEntry("DiskEncryptionKeyEncryptionAlgorithm", algorithm.wireName())
        .containsEntry("DiskEncryptionKeyEncryptionKeyURL", kek);
    assertThat(Base64.getUrlDecoder().decode(secret.value())).hasSize(256);
    assertThat(status.disk("os").keyEncryptionKeyUrl()).contains(kek);

    vm.stop();
    vm.start();
    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(4, back);
    assertThat(back).isEqualTo(marked(512));
    assertThat(hits(vm)).allSatisfy((surface, count) -> assertThat(count).as(surface).isZero());
  }

  @Test
  void enable_recordsExtensionStickyFlagsAndDiskSettings() throws Exception {
    String kek = f.kek("kek", 3072);
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).volumeType(VolumeType.ALL).build());

    assertThat(vm.extensions()).extracting(VmExtension::type).containsExactly(AzureDiskEncryption.LINUX_EXTENSION);
    assertThat(status.extension()).isEqualTo("AzureDiskEncryptionForLinux");
    AzureDiskEncryptionExtension extension = vm.extension(AzureDiskEncryptionExtension.class).orElseThrow();
    assertThat(extension.volumeType()).isEqualTo(VolumeType.ALL);
    assertThat(extension.keyEncryptionKeyUrl()).contains(kek);
    assertThat(extension.settings()).containsEntry("VolumeType", "All").containsEntry("KeyEncryptionKeyURL", kek)
        .containsEntry("KeyEncryptionAlgorithm", "RSA-OAEP");
    assertThat(ResourceJson.vm(vm)).contains("\"type\": \"AzureDiskEncryptionForLinux\"")
        .contains("\"publisher\": \"Microsoft.Azure.Security\"");
    assertThat(vm.everHadGuestEncryption()).isTrue();
    assertThat(vm.osDisk().managedDisk().everHadGuestEncryption()).isTrue();
    assertThat(vm.disk("data0").managedDisk().everHadGuestEncryption()).isTrue();
    assertThat(vm.osDisk().managedDisk().encryptionSettings()).contains(new EncryptionSettingsCollection(true,
        status.disk("os").secretUrl().orElseThrow(), "/subscriptions/sub-0001/providers/Microsoft.KeyVault/vaults/adevault",
        Optional.of(kek), Optional.of("/subscriptions/sub-0001/providers/Microsoft.KeyVault/vaults/adevault")));
  }

  @Test
  void enable_runTwice_encryptsOnlyWhatIsLeft() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus first = f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());
    vm.osDisk().guestVolume().write(2, marked(512));

    AdeStatus second = f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());

    assertThat(second.disk("os").secretUrl()).isEqualTo(first.disk("os").secretUrl());
    assertThat(second.disk("data0").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(second.disk("data0").secretUrl()).isNotEqualTo(first.disk("os").secretUrl());
    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(2, back);
    assertThat(back).isEqualTo(marked(512));
    vm.stop();
    vm.start();
    assertThat(f.ade.status(vm).disks()).allSatisfy(d -> assertThat(d.state()).as(d.disk()).isEqualTo(
        d.role() == DiskRole.TEMP ? EncryptionState.NOT_ENCRYPTED : EncryptionState.ENCRYPTED));
  }

  @Test
  void deallocate_freshTempDisk_reformattedAndEncryptedAtStart() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL).build());
    VirtualDisk temp = vm.tempDisk().orElseThrow();
    temp.guestVolume().write(8, marked(512));

    vm.deallocate();
    assertThat(temp.hostMedia().sectorsHeld()).isZero();
    vm.start();

    assertThat(f.ade.status(vm).disk("temp").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(Luks.inspect(temp, temp).version()).isEqualTo(LuksVersion.LUKS2);
    temp.guestVolume().write(8, marked(512));
    temp.guestVolume().flush();
    assertThat(hits(vm).get("TEMP_MEDIA temp")).isZero();
  }

  @Test
  void status_stoppedVm_notMounted_thenEncryptedAfterStart() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    assertThat(f.ade.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
    vm.start();
    f.ade.enable(vm, f.settings().build());
    vm.stop();

    assertThat(f.ade.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.NOT_MOUNTED);
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();
    vm.start();
    assertThat(f.ade.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(vm.osDisk().guestVolumeMounted()).isTrue();
  }

  @Test
  void disable_dataOnlyVm_decryptsInPlaceKeepingData() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());
    Map<Long, byte[]> data = writeRandom(vm.disk("data0").guestVolume(), new Random(3), 20);

    AdeStatus status = f.ade.disable(vm, VolumeType.DATA);

    assertThat(status.dataVolumesEncrypted()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
    assertThat(vm.disk("data0").guestVolumeMounted()).isFalse();
    assertReads(vm.disk("data0"), data, 3);
    assertThat(vm.disk("data0").managedDisk().everHadGuestEncryption()).isTrue();
    assertThat(vm.disk("data0").managedDisk().encryptionSettings().orElseThrow().enabled()).isFalse();
    assertThat(vm.extension(AzureDiskEncryptionExtension.class).orElseThrow().operation())
        .isEqualTo(EncryptionOperation.DISABLE_ENCRYPTION);
    vm.stop();
    vm.start();
    assertReads(vm.disk("data0").guestVolume(), data, 3);
    // the mark survives the disable, and a snapshot and a disk made from it keep it
    Snapshot snapshot = f.cloud.storageCluster().snapshot(vm.disk("data0").managedDisk(), "data0-after-disable");
    assertThat(snapshot.everHadGuestEncryption()).isTrue();
    assertThat(f.cloud.storageCluster().createDisk("data0-copy", snapshot).everHadGuestEncryption()).isTrue();
  }

  @Test
  void disable_osEncrypted_refused_migrationNeedsANewVm() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().build());

    assertThatThrownBy(() -> f.ade.disable(vm, VolumeType.DATA)).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("cannot disable encryption once the OS volume is encrypted")
        .hasMessageContaining("a new VM");
  }

  @Test
  void disable_noAde_refused() {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    assertThatThrownBy(() -> f.ade.disable(vm, VolumeType.ALL)).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("no volume encrypted by ADE");
  }

  @Test
  void newPassphrase_is172Base64CharactersOf127Bytes() {
    byte[] passphrase = LinuxGuest.newPassphrase();
    assertThat(passphrase).hasSize(172);
    assertThat(Base64.getDecoder().decode(passphrase)).hasSize(127);
    assertThat(LinuxGuest.newPassphrase()).isNotEqualTo(passphrase);
  }

  static Map<Long, byte[]> writeRandom(BlockDevice device, Random random, int count) {
    Map<Long, byte[]> written = new java.util.TreeMap<>();
    long limit = device.sectorCount() - (LinuxGuest.RESERVED_BYTES / device.sectorSize().bytes()) - 1;
    while (written.size() < count) {
      long sector = Math.floorMod(random.nextLong(), limit);
      byte[] bytes = new byte[device.sectorSize().bytes()];
      random.nextBytes(bytes);
      device.write(sector, bytes);
      written.put(sector, bytes);
    }
    device.flush();
    return written;
  }

  static void assertReads(BlockDevice device, Map<Long, byte[]> expected, long seed) {
    for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
      byte[] back = new byte[device.sectorSize().bytes()];
      device.read(e.getKey(), back);
      assertThat(back).as("seed %d sector %d", seed, e.getKey()).isEqualTo(e.getValue());
    }
  }
}
