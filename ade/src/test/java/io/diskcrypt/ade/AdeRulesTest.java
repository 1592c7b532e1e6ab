package io.diskcrypt.ade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.LuksHeaderInfo;
import io.diskcrypt.ade.luks.LuksKdf;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ADE's image, size and memory rules and the key derivation each image's cryptsetup picks, as Microsoft
 * Learn's "Azure Disk Encryption for Linux VMs" (02/2026) and "scenarios on Linux VMs" (09/2025) state
 * them. Every refusal names its rule and changes nothing.
 */
class AdeRulesTest {
  private final AdeFixture f = new AdeFixture();

  private static Image linux(String osVersion) {
    return new Image("Test:" + osVersion.replace(' ', '-') + ":latest", OsType.LINUX, osVersion, false);
  }

  private VirtualMachine running(Image image, VmSize size) throws Exception {
    VirtualMachine vm = f.cloud.vm("vm-" + size.name().toLowerCase() + "-" + image.osVersion().replace(' ', '-'))
        .image(image).size(size).osDisk(Sectors.mib(64), CachePolicy.READ_WRITE)
        .dataDisk(Sectors.mib(64), CachePolicy.READ_ONLY).build();
    vm.start();
    return vm;
  }

  private static void assertUntouched(VirtualMachine vm) {
    assertThat(vm.extensions()).isEmpty();
    assertThat(vm.everHadGuestEncryption()).isFalse();
    assertThat(vm.disk("data0").guestVolumeMounted()).isFalse();
  }

  private static VmSize size(String name, String family, int memoryGiB, int version, long tempBytes) {
    return new VmSize(name, family, false, 2, memoryGiB, version, tempBytes, true, false);
  }

  @Test
  void sles15_notOnTheList_refused() throws Exception {
    VirtualMachine vm = running(linux("SLES 15 SP5"), AdeFixture.SMALL);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("does not support Linux release 'SLES 15 SP5'");
    assertUntouched(vm);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SLES 12-SP4", "SLES HPC 12-SP3", "openSUSE 42.3", "RHEL 6.8", "CentOS 6.8"})
  void dataOnlyImages_refuseTheOsVolume_acceptData(String release) throws Exception {
    VirtualMachine vm = running(linux(release), AdeFixture.SMALL);

    for (VolumeType withOs : new VolumeType[] {VolumeType.OS, VolumeType.ALL}) {
      assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(withOs).build()))
          .isInstanceOf(AdeRefusedException.class)
          .hasMessageContaining(release + " supports ADE on data disks only")
          .hasMessageContaining("not " + withOs.wireName());
      assertUntouched(vm);
    }
    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());

    assertThat(status.disk("data0").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(Luks.inspect(vm.disk("data0"), vm.disk("data0")).version())
        .as("cryptsetup before 2.1 on these releases").isEqualTo(LuksVersion.LUKS1);
  }

  @Test
  void rhelPointRelease_matchesItsMajor_notALongerNumber() throws Exception {
    assertThat(SupportedImages.linux(linux("RHEL 8.6")).kdf()).isEqualTo(LuksKdf.Type.ARGON2I);
    assertThatThrownBy(() -> SupportedImages.linux(linux("RHEL 80"))).isInstanceOf(AdeRefusedException.class);
  }

  /**
   * The extension runs {@code cryptsetup luksFormat} without {@code --type} or {@code --pbkdf}, so the
   * image's cryptsetup decides: LUKS1 with PBKDF2 before 2.1, LUKS2 with Argon2i from 2.1 to 2.3, Argon2id
   * from 2.4. One image per family.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Ubuntu 18.04, LUKS1, 256, PBKDF2",
      "RHEL 7.9, LUKS1, 256, PBKDF2",
      "Ubuntu 20.04, LUKS2, 512, ARGON2I",
      "RHEL 8.6, LUKS2, 512, ARGON2I",
      "CentOS 8.4, LUKS2, 512, ARGON2I",
      "Oracle Linux 8.6, LUKS2, 512, ARGON2I",
      "Ubuntu 22.04, LUKS2, 512, ARGON2ID",
      "Ubuntu 24.04, LUKS2, 512, ARGON2ID",
      "RHEL 9.4, LUKS2, 512, ARGON2ID",
      "CBL-Mariner 2, LUKS2, 512, ARGON2ID"})
  void keyDerivation_perImageFamily(String release, LuksVersion version, int keyBits, LuksKdf.Type kdf)
      throws Exception {
    VirtualMachine vm = running(linux(release), AdeFixture.SMALL);

    f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());

    LuksHeaderInfo header = Luks.inspect(vm.disk("data0"), vm.disk("data0"));
    assertThat(header.version()).isEqualTo(version);
    assertThat(header.keyBits()).isEqualTo(keyBits);
    assertThat(header.keyslots().values()).extracting(LuksKdf::type).containsExactly(kdf);
  }

  @Test
  void options_luks2WithPbkdf2_refusedBecauseTheImagePicksTheArgon2Variant() {
    LuksFormatOptions pbkdf2 = LuksFormatOptions.fastForTests();
    LuksFormatOptions luks1 = AdeOptions.cheapKdf().luks1();

    assertThatThrownBy(() -> new AdeOptions(pbkdf2, luks1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give Argon2 costs");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "Basic_A1, A, true, 2, 1, 'Basic-tier size Basic_A1: ADE is not available on Basic sizes'",
      "Standard_A4_v2, A, false, 8, 2, 'A-series size Standard_A4_v2: ADE is not available on A-series sizes'"})
  void basicAndASeries_refused(String name, String family, boolean basic, int memoryGiB, int version,
      String message) throws Exception {
    VmSize size = new VmSize(name, family, basic, 2, memoryGiB, version, 20L << 30, false, false);
    for (Image image : new Image[] {Image.UBUNTU_22_04, Image.WINDOWS_SERVER_2022}) {
      VirtualMachine vm = running(image, size);

      assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build()))
          .isInstanceOf(AdeRefusedException.class).hasMessageContaining(message);
      assertUntouched(vm);
    }
  }

  @Test
  void v6WithTempDisk_refusedOnLinux_v6WithoutTempDiskAccepted() throws Exception {
    VirtualMachine withTemp = running(Image.UBUNTU_22_04, size("Standard_D2ds_v6", "D", 8, 6, Sectors.mib(64)));
    VirtualMachine without = running(Image.UBUNTU_22_04, size("Standard_D2s_v6", "D", 8, 6, 0));

    assertThatThrownBy(() -> f.ade.enable(withTemp, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("ADE for Linux is not available on v6 sizes with a temp disk");
    assertUntouched(withTemp);
    assertThat(f.ade.enable(without, f.settings().volumeType(VolumeType.DATA).build()).dataVolumesEncrypted())
        .isEqualTo(EncryptionState.ENCRYPTED);
  }

  @Test
  void v7_refusedOnLinux() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04, size("Standard_D2s_v7", "D", 8, 7, 0));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("ADE for Linux is not available on v7 and later sizes");
    assertUntouched(vm);
  }

  @Test
  void memory_linuxOsVolumeNeeds8GiB_dataAlone2GiB() throws Exception {
    VirtualMachine small = running(Image.UBUNTU_22_04, size("Standard_D2s_v3", "D", 4, 3, 0));
    VirtualMachine tiny = running(Image.UBUNTU_22_04, size("Standard_B1s", "B", 1, 1, 0));

    assertThatThrownBy(() -> f.ade.enable(small, f.settings().volumeType(VolumeType.ALL).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("has 4 GiB of memory")
        .hasMessageContaining("needs at least 8 GiB to encrypt the OS volume");
    assertUntouched(small);
    assertThatThrownBy(() -> f.ade.enable(tiny, f.settings().volumeType(VolumeType.DATA).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("needs at least 2 GiB to encrypt data volumes");
    assertUntouched(tiny);
    assertThat(f.ade.enable(small, f.settings().volumeType(VolumeType.DATA).build()).dataVolumesEncrypted())
        .isEqualTo(EncryptionState.ENCRYPTED);
  }

  @Test
  void memory_windowsNeeds2GiB() throws Exception {
    VirtualMachine vm = running(Image.WINDOWS_SERVER_2022, size("Standard_B1s", "B", 1, 1, 0));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("needs at least 2 GiB on Windows");
    assertUntouched(vm);
  }

  /** 8 GiB up to a root usage of 4 GiB, twice the usage above (16 GiB in use needs 32 GiB, Learn's example). */
  @ParameterizedTest(name = "root {0} bytes -> {1} GiB")
  @CsvSource({"0, 8", "4294967296, 8", "4294967297, 9", "17179869184, 32", "5368709120, 10"})
  void memory_osVolume_eightOrTwiceTheRootUsage(long rootUsage, long giB) {
    assertThat(Preflight.minimumMemoryGiB(false, true, rootUsage)).isEqualTo(giB);
    assertThat(Preflight.minimumMemoryGiB(false, false, rootUsage)).isEqualTo(2);
    assertThat(Preflight.minimumMemoryGiB(true, true, rootUsage)).isEqualTo(2);
  }
}
