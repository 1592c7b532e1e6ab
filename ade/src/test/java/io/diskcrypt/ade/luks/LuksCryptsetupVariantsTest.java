package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.testing.ExternalTools;
import io.diskcrypt.core.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Volumes that the real cryptsetup makes in the variants ADE meets: the older CBC ciphers, detached
 * headers, and a disk in the middle of online encryption ({@code reencrypt --encrypt --init-only
 * --reduce-device-size}, then interrupted). What we read is compared byte for byte with the
 * plaintext cryptsetup encrypted, or with an independent decryption (python cryptography) under the
 * volume key cryptsetup dumps.
 */
class LuksCryptsetupVariantsTest {
  private static final byte[] PASSPHRASE = Cryptsetup.PASSPHRASE;
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  private final CpuAccount vcpu = new CpuLedger().account("vm1 vCPU", AccountKind.VM_VCPU);

  private Path passphraseFile() throws Exception {
    return Cryptsetup.passphraseFile(dir);
  }

  private static List<String> args(String... parts) {
    return new ArrayList<>(List.of(parts));
  }

  static Stream<Arguments> cbcCiphers() {
    return Stream.of(
        Arguments.of("aes-cbc-essiv:sha256", 256),
        Arguments.of("aes-cbc-essiv:sha256", 128),
        Arguments.of("aes-cbc-plain64", 256));
  }

  /** LUKS1 as cryptsetup before 1.6 made it: data written with python's CBC under the dumped key. */
  @ParameterizedTest(name = "LUKS1 {0} {1}-bit")
  @MethodSource("cbcCiphers")
  void luks1Cbc_dataEncryptedWithCryptsetupsKey_weReadThePlaintext(String cipher, int bits) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("img");
    Path key = passphraseFile();
    Files.write(image, new byte[(int) (4 * MIB)]);
    cs.ok("luksFormat", "-q", "--type", "luks1", "--cipher", cipher, "--key-size", Integer.toString(bits),
        "--pbkdf-force-iterations", "1000", image.toString(), key.toString());
    byte[] vk = cs.dumpVolumeKey(key, image.toString());
    long seed = Seeds.base() ^ (cipher + bits).hashCode();
    byte[] plain = LuksInteropTest.random(seed, (int) MIB);
    long dataOffset;
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512)) {
      LuksHeaderInfo info = Luks.inspect(d, d);
      assertThat(info.cipher()).isEqualTo(cipher);
      assertThat(info.keyBits()).isEqualTo(bits);
      dataOffset = info.dataOffset();
    }
    byte[] all = Files.readAllBytes(image);
    byte[] encrypted = PythonDmCrypt.encrypt(cipher, vk, plain, 512, 0);
    System.arraycopy(encrypted, 0, all, (int) dataOffset, encrypted.length);
    Files.write(image, all);
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512); LuksVolume v = Luks.open(d, PASSPHRASE)) {
      assertThat(v.read(vcpu, 0, plain.length)).as("seed %d: python's %s under cryptsetup's key", seed, cipher)
          .isEqualTo(plain);
    }
  }

  /** LUKS2 with a CBC cipher, encrypted in place by cryptsetup itself: its ciphertext, our reading. */
  @ParameterizedTest(name = "LUKS2 {0} {1}-bit")
  @MethodSource("cbcCiphers")
  void luks2Cbc_cryptsetupEncryptedDetached_weReadThePlaintext(String cipher, int bits) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path header = dir.resolve("hdr");
    Path data = dir.resolve("data");
    Path key = passphraseFile();
    long seed = Seeds.base() + (cipher + bits).hashCode();
    byte[] plain = LuksInteropTest.random(seed, (int) (2 * MIB));
    Files.write(data, plain);
    cs.ok("reencrypt", "--encrypt", "-q", "--type", "luks2", "--cipher", cipher, "--key-size", Integer.toString(bits),
        "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", "--key-file", key.toString(),
        "--header", header.toString(), data.toString());
    byte[] encrypted = Files.readAllBytes(data);
    assertThat(Arrays.equals(encrypted, plain)).as("cryptsetup encrypted the data").isFalse();
    try (FileBlockDevice h = FileBlockDevice.open(header, SectorSize.S512);
        FileBlockDevice d = FileBlockDevice.open(data, SectorSize.S512);
        LuksVolume v = Luks.openDetached(h, d, PASSPHRASE)) {
      assertThat(v.header().cipher()).isEqualTo(cipher);
      assertThat(v.read(vcpu, 0, plain.length)).as("seed %d: %s data cryptsetup encrypted", seed, cipher)
          .isEqualTo(plain);
    }
    byte[] vk = cs.dumpVolumeKey(key, "--header", header.toString(), data.toString());
    assertThat(PythonDmCrypt.decrypt(cipher, vk, encrypted, 512, 0)).as("python's %s agrees with cryptsetup", cipher)
        .isEqualTo(plain);
  }

  @Test
  void initOnlyOnlineEncryption_dumpListsTheSegments_readGivesThePlaintext() throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("img");
    long seed = Seeds.base();
    byte[] plain = LuksInteropTest.random(seed, (int) (64 * MIB));
    Files.write(image, plain);
    cs.ok("reencrypt", "--encrypt", "--init-only", "-q", "--key-file", passphraseFile().toString(),
        "--reduce-device-size", "32M", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", image.toString());
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512)) {
      LuksHeaderInfo info = Luks.inspect(d, d);
      assertThat(info.requirements()).contains("online-reencrypt-v2");
      assertThat(info.segments()).hasSizeGreaterThan(2).anySatisfy(s -> assertThat(s.backup()).isTrue());
      assertThat(info.otherKeyslots()).containsKey(1);
      assertThat(info.otherKeyslots().get(1)).contains("reencrypt keyslot");
      assertThat(info.inPlaceEncryptionInProgress()).isTrue();
      try (LuksVolume v = Luks.open(d, PASSPHRASE)) {
        int kept = (int) (plain.length - 32 * MIB);
        assertThat(v.header().dataBytes()).isEqualTo(kept);
        assertThat(v.read(vcpu, 0, kept)).as("seed %d: the plaintext, not yet encrypted", seed)
            .isEqualTo(Arrays.copyOf(plain, kept));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> v.write(vcpu, 0, new byte[512]))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
      }
    }
  }

  /**
   * cryptsetup's offline resume, interrupted with SIGINT (it stops between hotzones and saves the
   * header): after each attempt the volume reads as the plaintext, the encrypted part decrypted and
   * the rest passed through, whatever state the interruption left. At least one attempt must leave
   * linear and crypt segments side by side.
   */
  @Test
  void interruptedOnlineEncryption_readsThePlaintextAcrossCryptAndLinearSegments() throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path binary = ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Path initial = dir.resolve("initial");
    Path key = passphraseFile();
    long seed = Seeds.base() + 1;
    byte[] plain = LuksInteropTest.random(seed, (int) (72 * MIB));
    Files.write(initial, plain);
    cs.ok("reencrypt", "--encrypt", "--init-only", "-q", "--key-file", key.toString(), "--reduce-device-size", "8M",
        "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", initial.toString());
    int kept = (int) (plain.length - 8 * MIB);
    boolean mixedSeen = false;
    for (long delayMs : new long[] {20, 60, 120, 200, 300, 450, 650, 900}) {
      Path image = dir.resolve("img");
      Files.copy(initial, image, StandardCopyOption.REPLACE_EXISTING);
      Process p = new ProcessBuilder(binary.toString(), "reencrypt", "--resume-only", "--force-offline-reencrypt", "-q",
          "--key-file", key.toString(), image.toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("log").toFile()).start();
      Thread.sleep(delayMs);
      Run.of("kill", "-INT", Long.toString(p.pid()));
      assertThat(p.waitFor(Run.TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("cryptsetup ended").isTrue();
      try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512); LuksVolume v = Luks.open(d, PASSPHRASE)) {
        List<String> regular = v.header().segments().stream().filter(s -> !s.backup()).map(LuksSegmentInfo::type).toList();
        mixedSeen |= regular.contains("crypt") && regular.contains("linear");
        assertThat(v.read(vcpu, 0, kept)).as("seed %d, SIGINT after %d ms, segments %s", seed, delayMs, regular)
            .isEqualTo(Arrays.copyOf(plain, kept));
      }
    }
    assertThat(mixedSeen).as("an interruption left crypt and linear segments side by side").isTrue();
  }
}
