package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.hits;
import static io.diskcrypt.ade.AdeFixture.marked;
import static io.diskcrypt.ade.AdeFixture.writeMarkers;
import static io.diskcrypt.ade.AdeLinuxTest.assertReads;
import static io.diskcrypt.ade.AdeLinuxTest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.ade.bitlocker.BekFile;
import io.diskcrypt.ade.bitlocker.BitLocker;
import io.diskcrypt.ade.bitlocker.EncryptionMethod;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.VaultObjectId;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdeWindowsTest {
  private static final Image WINDOWS_11 =
      new Image("MicrosoftWindowsDesktop:windows-11:win11-23h2-ent", OsType.WINDOWS, "Windows 11 23H2", false);

  private final AdeFixture f = new AdeFixture();

  private VirtualMachine running(Image image) throws Exception {
    VirtualMachine vm = f.vm(image);
    vm.start();
    return vm;
  }

  @Test
  void enableAll_bitLockerXtsAes256_plaintextOnNoSurface() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);

    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());
    writeMarkers(vm, 9);

    assertThat(hits(vm)).hasSize(7).allSatisfy((surface, count) -> assertThat(count).as(surface).isZero());
    for (VirtualDisk disk : vm.disks()) {
      assertThat(BitLocker.readInfo(disk).method()).as(disk.name()).isEqualTo(EncryptionMethod.XTS_AES_256);
      byte[] back = new byte[512];
      disk.guestVolume().read(9, back);
      assertThat(back).as(disk.name()).isEqualTo(marked(512));
    }
    assertThat(status.extension()).isEqualTo(AzureDiskEncryption.WINDOWS_EXTENSION);
    assertThat(vm.extension(AzureDiskEncryptionExtension.class).orElseThrow().type()).isEqualTo("AzureDiskEncryption");
    assertThat(status.disk("os").volumeFormat().orElseThrow()).contains("BitLocker XTS-AES-256", ".BEK");
  }

  @Test
  void enable_cryptoChargedToVmVcpuOnly() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    f.ade.enable(vm, f.settings().build());
    f.cloud.ledger().reset();

    writeMarkers(vm, 3);

    assertThat(vm.account().usage().cryptoBytes()).isEqualTo(3 * 512);
    assertThat(f.cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    assertThat(f.cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isZero();
  }

  @Test
  void enable_bekSecretPerVolumeWithAdeTags() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2016);
    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());

    Map<String, String> letters = Map.of("os", "C:", "data0", "F:", "temp", "D:");
    for (Map.Entry<String, String> e : letters.entrySet()) {
      String url = status.disk(e.getKey()).secretUrl().orElseThrow();
      SecretBundle secret = f.vault.secrets().get(f.user, url);
      assertThat(VaultObjectId.parse(url).isVersioned()).isTrue();
      assertThat(secret.tags()).containsEntry("VolumeLetter", e.getValue())
          .containsEntry("DiskEncryptionKeyFileName", secret.name().toUpperCase(Locale.ROOT) + ".BEK")
          .containsEntry("MachineName", vm.name());
      try (BekFile bek = BekFile.parse(Base64.getDecoder().decode(secret.value()))) {
        assertThat(bek.guid().toString()).isEqualTo(secret.name());
        assertThat(bek.fileName()).isEqualTo(secret.tags().get("DiskEncryptionKeyFileName"));
      }
    }
    assertThat(status.disk("os").secretUrl()).isNotEqualTo(status.disk("data0").secretUrl());
  }

  @Test
  void enable_withRsa3072Kek_wrappedBek_bootsAgain() throws Exception {
    String kek = f.kek("kek3072", 3072);
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    AdeStatus status = f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build());
    writeMarkers(vm, 4);

    SecretBundle secret = f.vault.secrets().get(f.user, status.disk("os").secretUrl().orElseThrow());
    assertThat(secret.contentType()).contains("Wrapped BEK");
    assertThat(secret.tags()).containsEntry("DiskEncryptionKeyEncryptionKeyURL", kek);

    vm.stop();
    vm.start();
    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(4, back);
    assertThat(back).isEqualTo(marked(512));
  }

  @Test
  void enable_rsa2048KekOnServer2022_refused() throws Exception {
    String kek = f.kek("kek2048", 2048);
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("RSA-2048")
        .hasMessageContaining("use RSA 3072 or 4096");
    assertThat(vm.extensions()).isEmpty();
  }

  @Test
  void enable_rsa2048KekOnWindows11_refused() throws Exception {
    String kek = f.kek("kek2048", 2048);
    VirtualMachine vm = running(WINDOWS_11);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("Windows 11");
  }

  @Test
  void enable_rsa2048KekOnServer2016_accepted() throws Exception {
    String kek = f.kek("kek2048", 2048);
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2016);

    AdeStatus status = f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).volumeType(VolumeType.OS).build());

    assertThat(status.osVolumeEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
  }

  @Test
  void enable_dataWithoutOs_refused_thenAllowedOnceOsEncrypted() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("Windows cannot encrypt data volumes without the OS volume");
    assertThat(vm.extensions()).isEmpty();

    f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());
    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());
    assertThat(status.dataVolumesEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(status.disk("temp").state()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"OS", "All"})
  void enable_tempDiskOnlyWithAll(String volumeType) throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);

    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.fromWireName(volumeType)).build());
    writeMarkers(vm, 5);

    boolean all = volumeType.equals("All");
    assertThat(status.disk("temp").state()).isEqualTo(all ? EncryptionState.ENCRYPTED : EncryptionState.NOT_ENCRYPTED);
    assertThat(hits(vm).get("TEMP_MEDIA temp")).isEqualTo(all ? 0L : 1L);
    assertThat(hits(vm).get("STORAGE_MEDIA data0")).isEqualTo(all ? 0L : 1L);
  }

  @Test
  void enable_formatAll_refusedOnWindows() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .build())).isInstanceOf(AdeRefusedException.class).hasMessageContaining("Linux only");
  }

  @Test
  void enable_customWindowsImage_supported() throws Exception {
    VirtualMachine vm = running(Image.custom("golden-ws2019", OsType.WINDOWS, "Windows Server 2019"));

    AdeStatus status = f.ade.enable(vm, f.settings().build());

    assertThat(status.osVolumeEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
  }

  @Test
  void enable_windowsServer2012R2_refusedAsAesCbcNotModelled() throws Exception {
    VirtualMachine vm = running(new Image("MicrosoftWindowsServer:WindowsServer:2012-R2-Datacenter",
        OsType.WINDOWS, "Windows Server 2012 R2", false));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("AES-CBC-256").hasMessageContaining("writes only XTS-AES");
  }

  @Test
  void enable_unrecognisedWindowsRelease_refused() throws Exception {
    VirtualMachine vm = running(Image.custom("mystery", OsType.WINDOWS, "Windows NT 4.0"));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("not recognised");
  }

  @Test
  void enable_existingData_survivesInPlaceEncryption() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    Random random = new Random(11);
    Map<Long, byte[]> os = writeRandom(vm.osDisk(), random, 30);
    Map<Long, byte[]> data = writeRandom(vm.disk("data0"), random, 30);
    vm.osDisk().write(0, marked(512));
    os.put(0L, marked(512));

    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());

    assertReads(vm.osDisk().guestVolume(), os, 11);
    assertReads(vm.disk("data0").guestVolume(), data, 11);
    vm.deallocate();
    assertThat(hits(vm).get("STORAGE_MEDIA os")).isZero();
    vm.start();
    assertReads(vm.osDisk().guestVolume(), os, 11);
  }

  @Test
  void enable_dataInBitLockerMetadataTail_refused() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    BlockDevice os = vm.osDisk();
    os.write(os.sectorCount() - 1, marked(512));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("BitLocker's metadata");
  }

  @Test
  void secretDeleted_runningVmWorks_restartFails_recoverHeals() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());
    String url = status.disk("os").secretUrl().orElseThrow();
    String name = VaultObjectId.parse(url).name();

    f.vault.secrets().delete(f.user, name);
    vm.osDisk().guestVolume().write(6, marked(512));
    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining(url);

    f.vault.secrets().recover(f.user, name);
    vm.start();
    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(6, back);
    assertThat(back).isEqualTo(marked(512));
  }

  @Test
  void deallocate_tempDiskReformattedAtStart() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());

    vm.deallocate();
    vm.start();
    VirtualDisk temp = vm.tempDisk().orElseThrow();
    temp.guestVolume().write(2, marked(512));
    temp.guestVolume().flush();
    vm.stop();
    vm.start();

    assertThat(BitLocker.readInfo(temp).method()).isEqualTo(EncryptionMethod.XTS_AES_256);
    assertThat(f.ade.status(vm).disk("temp").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(hits(vm).get("TEMP_MEDIA temp")).isZero();
  }

  @Test
  void disable_windows_decryptsAllKeepingData() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022);
    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());
    Map<Long, byte[]> os = writeRandom(vm.osDisk().guestVolume(), new Random(5), 10);

    AdeStatus status = f.ade.disable(vm, VolumeType.ALL);

    assertThat(status.osVolumeEncrypted()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
    assertReads(vm.osDisk(), os, 5);
    assertThat(vm.everHadGuestEncryption()).isTrue();
    vm.stop();
    vm.start();
    assertReads(vm.osDisk().guestVolume(), os, 5);
  }
}
