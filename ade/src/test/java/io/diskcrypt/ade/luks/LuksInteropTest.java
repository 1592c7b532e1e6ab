package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both directions against the real cryptsetup, on image files. */
class LuksInteropTest {
  private static final byte[] PASSPHRASE = Cryptsetup.PASSPHRASE;
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  private final CpuAccount vcpu = new CpuLedger().account("vm1 vCPU", AccountKind.VM_VCPU);

  static Stream<Arguments> configurations() {
    LuksFormatOptions fast = LuksFormatOptions.fastForTests();
    LuksKdf argon = LuksKdf.argon2id(4, 1024, 2);
    return Stream.of(
        Arguments.of("LUKS2 512 pbkdf2", fast),
        Arguments.of("LUKS2 4096 pbkdf2", fast.toBuilder().sectorSize(SectorSize.S4096).build()),
        Arguments.of("LUKS2 512 argon2id", fast.toBuilder().kdf(argon).build()),
        Arguments.of("LUKS2 4096 argon2id", fast.toBuilder().kdf(argon).sectorSize(SectorSize.S4096).build()),
        Arguments.of("LUKS1 256-bit", fast.toBuilder().luks1().keyBits(256).kdf(LuksKdf.pbkdf2(1000)).build()),
        Arguments.of("LUKS2 256-bit label", fast.toBuilder().keyBits(256).label("adedata").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void format_attached_cryptsetupAcceptsHeaderKeyAndData(String name, LuksFormatOptions options) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("ours.img");
    Path key = passphraseFile();
    byte[] written;
    SecretKeyMaterial ours;
    LuksHeaderInfo info;
    try (FileBlockDevice file = FileBlockDevice.create(image, 20 * MIB, SectorSize.S512);
        LuksVolume volume = Luks.format(file, PASSPHRASE, options)) {
      info = volume.header();
      ours = volume.volumeKey();
      BlockDevice data = volume.dataDevice(vcpu);
      written = random(name.hashCode(), 64 * 1024);
      data.write(8192 / data.sectorSize().bytes(), written);
      data.flush();
    }
    String dump = cs.ok("luksDump", image.toString());
    assertThat(dump).contains("Version:       \t" + (options.version() == LuksVersion.LUKS2 ? "2" : "1"))
        .contains(info.uuid());
    if (options.version() == LuksVersion.LUKS2) {
      JsonNode json = new ObjectMapper().readTree(cs.ok("luksDump", "--dump-json-metadata", image.toString()));
      assertThat(json.at("/segments/0/sector_size").asInt()).isEqualTo(options.sectorSize().bytes());
      assertThat(json.at("/segments/0/offset").asText()).isEqualTo("16777216");
      assertThat(json.at("/keyslots/0/kdf/type").asText()).isEqualTo(options.kdf().type().jsonName());
      assertThat(dump).contains("Label:         \t" + (options.label().isEmpty() ? "(no label)" : options.label()));
    }
    cs.ok("open", "--test-passphrase", "--key-file", key.toString(), image.toString());
    Path wrong = dir.resolve("wrong");
    Files.write(wrong, "not it".getBytes(StandardCharsets.US_ASCII));
    Run refused = cs.run("open", "--test-passphrase", "--key-file", wrong.toString(), image.toString());
    // exit 2: cryptsetup's "no permission (bad passphrase)", not a missing or unreadable device
    assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
    assertThat(refused.output()).contains("No key available with this passphrase");
    byte[] theirs = cs.dumpVolumeKey(key, image.toString());
    try (SecretKeyMaterial dumped = SecretKeyMaterial.copyOf(theirs)) {
      assertThat(dumped.equalsInConstantTime(ours)).as("volume key cryptsetup dumps equals ours").isTrue();
    }
    long dataStart = info.dataOffset() + 8192;
    byte[] image2 = Files.readAllBytes(image);
    byte[] plain = PythonDmCrypt.decrypt("aes-xts-plain64", theirs,
        Arrays.copyOfRange(image2, (int) dataStart, (int) dataStart + written.length), options.sectorSize().bytes(),
        8192 / 512);
    assertThat(plain).as("our sectors decrypted by python cryptography with cryptsetup's key").isEqualTo(written);
    ours.destroy();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void formatDetached_cryptsetupReencryptDecrypt_givesOurPlaintext(String name, LuksFormatOptions options)
      throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path header = dir.resolve("hdr.img");
    Path data = dir.resolve("data.img");
    Path key = passphraseFile();
    long seed = Seeds.base() ^ name.hashCode();
    byte[] written = random(seed, (int) MIB);
    try (FileBlockDevice h = FileBlockDevice.create(header, 16 * MIB, SectorSize.S512);
        FileBlockDevice d = FileBlockDevice.create(data, MIB, SectorSize.S512);
        LuksVolume volume = Luks.formatDetached(h, d, PASSPHRASE, options)) {
      assertThat(volume.header().dataOffset()).isZero();
      BlockDevice plain = volume.dataDevice(vcpu);
      plain.write(0, written);
      plain.flush();
    }
    assertThat(Arrays.equals(Files.readAllBytes(data), written)).as("seed %d: data is encrypted on the device", seed)
        .isFalse();
    if (options.version() == LuksVersion.LUKS1) {
      // cryptsetup's LUKS1 reencryption needs device-mapper: check with its dumped key instead.
      byte[] theirs = cs.dumpVolumeKey(key, header.toString());
      assertThat(PythonDmCrypt.decrypt("aes-xts-plain64", theirs, Files.readAllBytes(data), 512, 0))
          .as("seed %d: our data decrypted by python cryptography with cryptsetup's key", seed).isEqualTo(written);
      return;
    }
    cs.ok("reencrypt", "--decrypt", "--force-offline-reencrypt", "-q", "--key-file", key.toString(),
        "--header", header.toString(), data.toString());
    assertThat(Files.readAllBytes(data)).as("seed %d: cryptsetup's decryption of our data", seed).isEqualTo(written);
  }

  static Stream<Arguments> cryptsetupConfigurations() {
    return Stream.of(
        Arguments.of("luks2 512 pbkdf2", List.of("--type", "luks2", "--sector-size", "512", "--pbkdf", "pbkdf2",
            "--pbkdf-force-iterations", "1000")),
        Arguments.of("luks2 4096 pbkdf2", List.of("--type", "luks2", "--sector-size", "4096", "--pbkdf", "pbkdf2",
            "--pbkdf-force-iterations", "1000")),
        Arguments.of("luks2 512 argon2id", List.of("--type", "luks2", "--sector-size", "512", "--pbkdf", "argon2id",
            "--pbkdf-force-iterations", "4", "--pbkdf-memory", "1024", "--pbkdf-parallel", "1")),
        Arguments.of("luks2 4096 argon2id", List.of("--type", "luks2", "--sector-size", "4096", "--pbkdf", "argon2id",
            "--pbkdf-force-iterations", "4", "--pbkdf-memory", "2048", "--pbkdf-parallel", "2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cryptsetupConfigurations")
  void cryptsetupReencryptEncrypt_detached_weReadThePlaintext(String name, List<String> typeArgs) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path header = dir.resolve("hdr.img");
    Path data = dir.resolve("data.img");
    Path key = passphraseFile();
    long seed = Seeds.base() + name.hashCode();
    byte[] plain = random(seed, (int) (3 * MIB));
    Files.write(data, plain);
    cs.ok(toArray(args(List.of("reencrypt", "--encrypt", "-q", "--key-file", key.toString(), "--header", header.toString()),
        typeArgs, List.of(data.toString()))));
    assertThat(Arrays.equals(Files.readAllBytes(data), plain)).as("seed %d: cryptsetup encrypted the data", seed).isFalse();
    try (FileBlockDevice h = FileBlockDevice.open(header, SectorSize.S512);
        FileBlockDevice d = FileBlockDevice.open(data, SectorSize.S512);
        LuksVolume volume = Luks.openDetached(h, d, PASSPHRASE)) {
      assertThat(volume.header().dataOffset()).isZero();
      assertThat(readAll(volume.dataDevice(vcpu))).as("seed %d: the plaintext cryptsetup encrypted", seed).isEqualTo(plain);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cryptsetupConfigurations")
  void cryptsetupReencryptEncrypt_attached_weReadThePlaintext(String name, List<String> typeArgs) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    boolean luks1 = typeArgs.contains("luks1");
    long reduce = luks1 ? 4 * MIB : 32 * MIB;
    Path image = dir.resolve("img");
    Path key = passphraseFile();
    long seed = Seeds.base() - name.hashCode();
    byte[] plain = random(seed, (int) (reduce + 4 * MIB));
    Files.write(image, plain);
    cs.ok(toArray(args(List.of("reencrypt", "--encrypt", "-q", "--key-file", key.toString(), "--reduce-device-size",
        (reduce / MIB) + "M"), typeArgs, List.of(image.toString()))));
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512);
        LuksVolume volume = Luks.open(d, PASSPHRASE)) {
      byte[] read = readAll(volume.dataDevice(vcpu));
      int kept = (int) (plain.length - reduce);
      assertThat(Arrays.copyOf(read, kept)).as("seed %d %s: the plaintext cryptsetup encrypted", seed, name)
          .isEqualTo(Arrays.copyOf(plain, kept));
    }
  }

  @ParameterizedTest(name = "detached {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void cryptsetupLuks1Format_dataWrittenWithItsKey_weReadThePlaintext(boolean detached) throws Exception {
    // cryptsetup's LUKS1 reencryption needs device-mapper, so the data is filled with the key
    // cryptsetup dumps, by an independent XTS (python cryptography).
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("img");
    Path header = dir.resolve("hdr");
    Path key = passphraseFile();
    long dataOffset = detached ? 0 : 2 * MIB;
    Files.write(image, new byte[(int) (dataOffset + 2 * MIB)]);
    if (detached) {
      cs.ok("luksFormat", "-q", "--type", "luks1", "--pbkdf-force-iterations", "1000", "--key-size", "256",
          "--header", header.toString(), image.toString(), key.toString());
    } else {
      cs.ok("luksFormat", "-q", "--type", "luks1", "--pbkdf-force-iterations", "1000", "--key-size", "256",
          image.toString(), key.toString());
    }
    byte[] vk = cs.dumpVolumeKey(key, detached ? header.toString() : image.toString());
    assertThat(vk).hasSize(32);
    long seed = Seeds.base() + (detached ? 1 : 0);
    byte[] plain = random(seed, (int) (2 * MIB));
    byte[] cipher = PythonDmCrypt.encrypt("aes-xts-plain64", vk, plain, 512, 0);
    byte[] all = Files.readAllBytes(image);
    System.arraycopy(cipher, 0, all, (int) dataOffset, cipher.length);
    Files.write(image, all);
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512);
        FileBlockDevice h = detached ? FileBlockDevice.open(header, SectorSize.S512) : null;
        LuksVolume volume = Luks.openDetached(detached ? h : d, d, PASSPHRASE)) {
      assertThat(volume.header().version()).isEqualTo(LuksVersion.LUKS1);
      assertThat(volume.header().dataOffset()).isEqualTo(dataOffset);
      assertThat(readAll(volume.dataDevice(vcpu))).as("seed %d: the plaintext written with cryptsetup's key", seed)
          .isEqualTo(plain);
    }
  }

  @Test
  void open_wrongPassphraseOnCryptsetupImage_throwsWrongPassphrase() throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("img");
    Files.write(image, new byte[(int) (20 * MIB)]);
    cs.ok("luksFormat", "-q", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000",
        image.toString(), passphraseFile().toString());
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Luks.open(d, "wrong".getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOf(WrongPassphraseException.class).hasMessageContaining("no keyslot");
    }
  }

  private static List<String> args(List<String> a, List<String> b, List<String> c) {
    return Stream.of(a, b, c).flatMap(List::stream).toList();
  }

  static String[] toArray(List<String> list) {
    return list.toArray(String[]::new);
  }

  private Path passphraseFile() throws Exception {
    return Cryptsetup.passphraseFile(dir);
  }

  static byte[] readAll(BlockDevice device) {
    byte[] all = new byte[Math.toIntExact(device.sizeBytes())];
    device.read(0, all);
    return all;
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    SplittableRandom r = Seeds.random(seed);
    r.nextBytes(b);
    return b;
  }
}
