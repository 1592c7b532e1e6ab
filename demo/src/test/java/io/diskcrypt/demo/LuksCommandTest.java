package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code diskcrypt luks}: format, dump, write, read; images checked with the real cryptsetup. */
class LuksCommandTest {
  @TempDir Path dir;
  @AutoClose private final Console console = new Console();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  private int run(byte[] input, String... args) {
    return console.run(input, args);
  }

  private Path passphrase(String text) throws Exception {
    Path p = dir.resolve("pass-" + text.hashCode());
    Files.writeString(p, text);
    return p;
  }

  private String cryptsetup(String... args) throws Exception {
    Path bin = ExternalTools.require("cryptsetup", "cryptsetup-bin");
    Process p = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of(bin.toString()),
        java.util.stream.Stream.of(args)).toList()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("cryptsetup %s: %s", List.of(args), text).isZero();
    return text;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--sector-size=512", "--sector-size=4096", "--luks1"})
  void formatWriteRead_roundTripsAndCryptsetupAccepts(String variant) throws Exception {
    Path image = dir.resolve("disk.img");
    Path pass = passphrase("s3cret passphrase");
    assertThat(run(new byte[0], "luks", "format", image.toString(), "--size", "20M", "--passphrase-file",
        pass.toString(), "--pbkdf", "pbkdf2", variant)).as(err.toString()).isZero();
    assertThat(Files.size(image)).isEqualTo(20L << 20);
    byte[] payload = "data written through diskcrypt luks write\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(run(payload, "luks", "write", image.toString(), "--passphrase-file", pass.toString(),
        "--offset", "1234567")).as(err.toString()).isZero();
    assertThat(run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", pass.toString(),
        "--offset", "1234567", "--length", Integer.toString(payload.length))).isZero();
    assertThat(out.toByteArray()).isEqualTo(payload);
    assertThat(run(new byte[0], "luks", "dump", image.toString())).isZero();
    String dump = out.toString(StandardCharsets.UTF_8);
    String cs = cryptsetup("luksDump", image.toString());
    String uuid = dump.lines().filter(l -> l.startsWith("UUID:")).findFirst().orElseThrow().split("\\s+")[1];
    assertThat(cs).contains(uuid);
    assertThat(cs).contains(variant.equals("--luks1") ? "Version:       \t1" : "Version:       \t2");
    if (variant.equals("--sector-size=4096")) {
      assertThat(cs).contains("sector: 4096 [bytes]");
    }
    cryptsetup("open", "--test-passphrase", "--key-file", pass.toString(), image.toString());
  }

  @Test
  void detachedHeaderMadeByCryptsetup_dumpAndReadWithHeader() throws Exception {
    Path header = dir.resolve("osluksheader");
    Path data = dir.resolve("root.img");
    Path pass = passphrase("ade passphrase");
    byte[] plain = new byte[1 << 20];
    new java.util.SplittableRandom(20).nextBytes(plain);
    Files.write(data, plain);
    cryptsetup("reencrypt", "--encrypt", "-q", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations",
        "1000", "--key-file", pass.toString(), "--header", header.toString(), data.toString());
    String uuid = cryptsetup("luksUUID", header.toString()).strip();
    assertThat(run(new byte[0], "luks", "dump", data.toString(), "--header", header.toString())).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(uuid).contains("Data offset:    0 bytes");
    out.reset();
    assertThat(run(new byte[0], "luks", "read", data.toString(), "--header", header.toString(), "--passphrase-file",
        pass.toString(), "--offset", "4096", "--length", "65536")).as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(plain, 4096, 4096 + 65536));
    out.reset();
    assertThat(run(new byte[0], "luks", "dump", data.toString())).as("the data alone has no header").isEqualTo(2);
  }

  @Test
  void read_keyslotAboveTheKdfCeiling_exits2NamingTheOption_raisedCeilingReads() throws Exception {
    Path image = dir.resolve("disk.img");
    Path pass = passphrase("right");
    assertThat(run(new byte[0], "luks", "format", image.toString(), "--size", "17M", "--passphrase-file",
        pass.toString(), "--pbkdf", "pbkdf2")).isZero();
    assertThat(run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", pass.toString(),
        "--offset", "0", "--length", "16", "--max-kdf-iterations", "50000")).isEqualTo(2);
    assertThat(err.toString()).contains("iterations 100000 exceed the ceiling 50000")
        .contains("--max-kdf-iterations").doesNotContain("Exception");
    assertThat(run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", pass.toString(),
        "--offset", "0", "--length", "16", "--max-kdf-iterations", "100000")).as(err.toString()).isZero();
  }

  @Test
  void dump_midOnlineEncryption_listsSegmentsAndTheReencryptKeyslot() throws Exception {
    Path image = dir.resolve("disk.img");
    Path pass = passphrase("p");
    Files.write(image, new byte[48 << 20]);
    cryptsetup("reencrypt", "--encrypt", "--init-only", "-q", "--key-file", pass.toString(), "--reduce-device-size",
        "32M", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", image.toString());
    assertThat(run(new byte[0], "luks", "dump", image.toString())).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Requirements:   online-reencrypt-v2")
        .contains("Segments:").contains("linear at").contains("flags backup-final")
        .contains("1: not usable here: reencrypt keyslot");
  }

  @Test
  void read_wrongPassphrase_exits2WithOneLine() throws Exception {
    Path image = dir.resolve("disk.img");
    assertThat(run(new byte[0], "luks", "format", image.toString(), "--size", "17M", "--passphrase-file",
        passphrase("right").toString(), "--pbkdf", "pbkdf2")).isZero();
    assertThat(run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", passphrase("wrong").toString(),
        "--offset", "0", "--length", "16")).isEqualTo(2);
    assertThat(err.toString()).contains("no keyslot").doesNotContain("Exception");
  }

  @Test
  void format_tooSmall_exits2AndLeavesNoImage() throws Exception {
    Path image = dir.resolve("small.img");
    assertThat(run(new byte[0], "luks", "format", image.toString(), "--size", "1M", "--passphrase-file",
        passphrase("x").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("too small");
    assertThat(image).doesNotExist();
  }

  @Test
  void format_luks1WithArgon2id_exits2() throws Exception {
    assertThat(run(new byte[0], "luks", "format", dir.resolve("a.img").toString(), "--size", "4M",
        "--passphrase-file", passphrase("x").toString(), "--luks1", "--pbkdf", "argon2id")).isEqualTo(2);
    assertThat(err.toString()).contains("LUKS1 allows only pbkdf2");
  }

  @Test
  void format_badSize_exits2() throws Exception {
    assertThat(run(new byte[0], "luks", "format", dir.resolve("a.img").toString(), "--size", "lots",
        "--passphrase-file", passphrase("x").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--size 'lots' is not a size");
  }

  @Test
  void dump_notLuks_exits2NamingMagic() throws Exception {
    Path image = dir.resolve("zero.img");
    Files.write(image, new byte[1 << 20]);
    assertThat(run(new byte[0], "luks", "dump", image.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("magic");
  }

  @Test
  void missingFiles_exit2NamingTheArgument() throws Exception {
    Path missing = dir.resolve("missing");
    assertThat(run(new byte[0], "luks", "dump", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("image " + missing + " does not exist");
    assertThat(run(new byte[0], "luks", "format", dir.resolve("a.img").toString(), "--size", "4M",
        "--passphrase-file", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--passphrase-file " + missing + " does not exist");
    assertThat(dir.resolve("a.img")).doesNotExist();
  }

  @Test
  void parseSize_suffixes() {
    assertThat(Sizes.parse("--size", "64M")).isEqualTo(64L << 20);
    assertThat(Sizes.parse("--size", "1G")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("--size", "4096")).isEqualTo(4096);
    assertThat(Sizes.parse("--size", "2k")).isEqualTo(2048);
  }
}
