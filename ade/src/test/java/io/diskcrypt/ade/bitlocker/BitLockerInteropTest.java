package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.testing.ExternalTools;
import io.diskcrypt.core.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Volumes made by {@link BitLocker#format} read by the real tools: cryptsetup (BITLK), dislocker and
 * libbde's bdeinfo, all on plain image files.
 */
class BitLockerInteropTest {
  private static final long IMAGE_BYTES = 4L << 20;

  @TempDir Path dir;

  /** An image with a volume, its BEK file, recovery password file and the data written to it. */
  private record Image(Path image, Path bek, Path recovery, byte[] data, byte[] fvek, BitLockerVolumeInfo info) {}

  static Stream<Arguments> methodsAndSectorSizes() {
    return Stream.of(
        Arguments.of(EncryptionMethod.XTS_AES_128, SectorSize.S512),
        Arguments.of(EncryptionMethod.XTS_AES_256, SectorSize.S512),
        Arguments.of(EncryptionMethod.XTS_AES_128, SectorSize.S4096),
        Arguments.of(EncryptionMethod.XTS_AES_256, SectorSize.S4096));
  }

  private Image image(EncryptionMethod method, SectorSize sectorSize, boolean recovery, long seed) throws Exception {
    Path image = dir.resolve("volume.img");
    try (FileBlockDevice device = FileBlockDevice.create(image, IMAGE_BYTES, sectorSize)) {
      BitLockerFormatResult result = BitLocker.format(device, BitLockerOptions.defaults().withMethod(method)
          .withDescription("interop " + method).withRecoveryPassword(recovery));
      Path bek = dir.resolve(result.bek().fileName());
      Files.write(bek, result.bek().toBytes());
      Path recoveryFile = dir.resolve("recovery.txt");
      if (recovery) {
        Files.writeString(recoveryFile, result.recoveryPassword().orElseThrow().value());
      }
      try (BitLockerVolume volume = BitLocker.open(device, result.bek())) {
        BlockDevice data = volume.dataDevice(new CpuLedger().account("test vCPU", AccountKind.VM_VCPU));
        byte[] bytes = ntfsLikeData(data, seed);
        data.write(0, bytes);
        return new Image(image, bek, recoveryFile, bytes, volume.copyFvek(), volume.info());
      }
    }
  }

  /** Random data whose first sector looks like an NTFS boot sector (libbde reads the volume size there). */
  static byte[] ntfsLikeData(BlockDevice data, long seed) {
    byte[] bytes = new byte[(int) data.sizeBytes()];
    new Random(seed).nextBytes(bytes);
    Arrays.fill(bytes, 0, 512, (byte) 0);
    bytes[0] = (byte) 0xeb;
    bytes[1] = 0x52;
    bytes[2] = (byte) 0x90;
    System.arraycopy("NTFS    ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 3, 8);
    Le.put16(bytes, 11, data.sectorSize().bytes());
    bytes[13] = 8;
    Le.put64(bytes, 0x28, data.sectorCount() - 1);
    bytes[510] = 0x55;
    bytes[511] = (byte) 0xaa;
    return bytes;
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void cryptsetupBitlkDump_ourVolume_describesIt(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Image img = image(method, sectorSize, false, Seeds.base());

    Run dump = Run.of("cryptsetup", "bitlkDump", img.image().toString());

    assertThat(dump.exitCode()).as("%s", dump).isZero();
    assertThat(dump.output()).as("%s", dump)
        .contains("GUID:         \t" + img.info().volumeGuid())
        .contains("Sector size:  \t" + sectorSize.bytes() + " [bytes]")
        .contains("Description:  \tinterop " + method)
        .contains("Cipher mode:  \txts-plain64")
        .containsPattern("Cipher key:\\s+" + method.keyBytes() * 8 + " (\\[bits\\]|bits)")
        .contains("VMK protected with startup key")
        .contains("GUID:       \t" + img.info().protectors().get(0).guid());
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void cryptsetupBitlkOpenTestPassphrase_bekKeyFile_unlocks(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Image img = image(method, sectorSize, false, Seeds.base());

    Run open = Run.of("cryptsetup", "bitlkOpen", "--test-passphrase", "--key-file", img.bek().toString(), img.image().toString());

    assertThat(open.exitCode()).as("%s", open).isZero();
  }

  @Test
  void cryptsetupBitlkOpenTestPassphrase_otherVolumesBek_fails() throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Image first = image(EncryptionMethod.XTS_AES_256, SectorSize.S512, false, 1);
    Path otherBek = dir.resolve("other.bek");
    Files.copy(first.bek(), otherBek);
    Image second = image(EncryptionMethod.XTS_AES_256, SectorSize.S512, false, 2);

    Run open = Run.of("cryptsetup", "bitlkOpen", "--test-passphrase", "--key-file", otherBek.toString(), second.image().toString());
    Run own = Run.of("cryptsetup", "bitlkOpen", "--test-passphrase", "--key-file", second.bek().toString(), second.image().toString());

    // exit 2: cryptsetup's "no permission (bad passphrase)", not a missing or unreadable device
    assertThat(open.exitCode()).as("%s", open).isEqualTo(2);
    assertThat(open.output()).contains("No key available with this passphrase");
    assertThat(own.exitCode()).as("positive control, its own BEK: %s", own).isZero();
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void cryptsetupDumpVolumeKey_bekKeyFile_printsOurFvek(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Image img = image(method, sectorSize, false, Seeds.base());

    Run dump = Run.of("cryptsetup", "bitlkDump", "--dump-volume-key", "--key-file", img.bek().toString(), img.image().toString());

    assertThat(dump.exitCode()).as("%s", dump).isZero();
    String printed = dump.output().substring(dump.output().indexOf("MK dump:") + 8).replaceAll("[^0-9a-f]", "");
    assertThat(printed).as("%s", dump).isEqualTo(HexFormat.of().formatHex(img.fvek()));
  }

  @Test
  void cryptsetupBitlkOpenTestPassphrase_recoveryPassword_unlocks() throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Image img = image(EncryptionMethod.XTS_AES_256, SectorSize.S512, true, Seeds.base());

    Run open = Run.withStdin(Files.readString(img.recovery()), "cryptsetup", "bitlkOpen", "--test-passphrase", img.image().toString());

    assertThat(open.exitCode()).as("%s", open).isZero();
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void dislockerMetadata_ourVolume_describesIt(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("dislocker-metadata", "dislocker");
    Image img = image(method, sectorSize, false, Seeds.base());

    Run metadata = Run.of("dislocker-metadata", "-V", img.image().toString());

    assertThat(metadata.exitCode()).as("%s", metadata).isZero();
    assertThat(metadata.output()).as("%s", metadata)
        .contains("UTF-16 string: 'interop " + method + "'")
        .contains("VIRTUALIZATION INFO")
        .contains("Number of backuped bytes: 0x2000 (8192)")
        .doesNotContain("[ERROR]")
        .doesNotContain("[CRITICAL]");
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void dislockerFile_bekFile_decryptsToOurData(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("dislocker-file", "dislocker");
    long seed = Seeds.base();
    Image img = image(method, sectorSize, false, seed);
    Path out = dir.resolve("decrypted.img");

    Run run = Run.of("dislocker-file", "-V", img.image().toString(), "-f", img.bek().toString(), "--", out.toString());

    assertThat(run.exitCode()).as("seed %d: %s", seed, run).isZero();
    byte[] decrypted = Files.readAllBytes(out);
    assertThat(decrypted).as("seed %d", seed).hasSize((int) IMAGE_BYTES);
    assertThat(Arrays.equals(decrypted, 0, img.data().length, img.data(), 0, img.data().length))
        .as("seed %d: dislocker's output equals the data written", seed).isTrue();
    assertThat(Arrays.equals(decrypted, img.data().length, decrypted.length, new byte[decrypted.length - img.data().length], 0,
        decrypted.length - img.data().length)).as("seed %d: the reserved tail reads as zeros", seed).isTrue();
  }

  @Test
  void dislockerFile_recoveryPassword_decryptsToOurData() throws Exception {
    ExternalTools.require("dislocker-file", "dislocker");
    long seed = Seeds.base();
    Image img = image(EncryptionMethod.XTS_AES_256, SectorSize.S512, true, seed);
    Path out = dir.resolve("decrypted.img");

    Run run = Run.of("dislocker-file", "-V", img.image().toString(), "-p" + Files.readString(img.recovery()), "--", out.toString());

    assertThat(run.exitCode()).as("seed %d: %s", seed, run).isZero();
    byte[] decrypted = Files.readAllBytes(out);
    assertThat(Arrays.equals(decrypted, 0, img.data().length, img.data(), 0, img.data().length))
        .as("seed %d: dislocker's output equals the data written", seed).isTrue();
  }

  @Test
  void bdeinfo_startupKey_unlocksAndListsProtectors() throws Exception {
    ExternalTools.require("bdeinfo", "libbde-utils");
    Image img = image(EncryptionMethod.XTS_AES_128, SectorSize.S512, true, Seeds.base());

    Run info = Run.of("bdeinfo", "-s", img.bek().toString(), img.image().toString());

    assertThat(info.exitCode()).as("%s", info).isZero();
    assertThat(info.output()).as("%s", info)
        .contains("Encryption method\t\t: AES-XTS 128-bit")
        .contains("Volume identifier\t\t: " + img.info().volumeGuid())
        .contains("Description\t\t\t: interop XTS_AES_128")
        .contains("Type\t\t\t\t: Startup key")
        .contains("Type\t\t\t\t: Recovery password")
        .doesNotContain("Unable to unlock");
  }

  @ParameterizedTest
  @MethodSource("methodsAndSectorSizes")
  void bdeinfo_withoutKey_describesTheMetadata(EncryptionMethod method, SectorSize sectorSize) throws Exception {
    ExternalTools.require("bdeinfo", "libbde-utils");
    Image img = image(method, sectorSize, false, Seeds.base());

    Run info = Run.of("bdeinfo", img.image().toString());

    // Without a key bdeinfo prints the metadata, then "Unable to unlock volume." with exit status 1.
    assertThat(info.output()).as("%s", info)
        .contains("Encryption method\t\t: AES-XTS " + method.keyBytes() * 4 + "-bit")
        .contains("Volume identifier\t\t: " + img.info().volumeGuid())
        .contains("Identifier\t\t\t: " + img.info().protectors().get(0).guid())
        .contains("Type\t\t\t\t: Startup key");
  }

  /**
   * libbde 20190102 (Debian 12's libbde-utils) cannot set a 512-bit XTS key: it fails the same way on
   * volumes Windows made (https://github.com/libyal/libbde/issues/31). This pins that the failure is
   * there, after the key was unwrapped, so that a newer libbde shows up as a test to update.
   */
  @Test
  void bdeinfo_startupKeyOnXtsAes256_failsInLibbdeAfterUnwrappingTheKey() throws Exception {
    ExternalTools.require("bdeinfo", "libbde-utils");
    Image img = image(EncryptionMethod.XTS_AES_256, SectorSize.S512, false, Seeds.base());

    Run info = Run.of("bdeinfo", "-s", img.bek().toString(), img.image().toString());

    ExternalTools.requireThat(Run.of("bdeinfo", "-V").output().contains("20190102"),
        "this test pins the behaviour of libbde 20190102");
    assertThat(info.exitCode()).as("%s", info).isNotZero();
    assertThat(info.output()).as("%s", info).contains("libbde_encryption_set_keys: invalid tweak key value too small");
  }
}
