package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code diskcrypt bitlocker} through {@link Diskcrypt#run}, its images checked with dislocker. */
class BitlockerCommandTest {
  @TempDir Path dir;
  @AutoClose private final Console console = new Console();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  private int run(byte[] input, String... args) {
    return console.run(input, args);
  }

  @Test
  void formatWriteRead_roundTripsAndDislockerSeesTheSameBytes() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    Path recovery = dir.resolve("recovery.txt");
    byte[] data = new byte[5000];
    new Random(42).nextBytes(data);

    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "4M", "--bek-file", bek.toString(),
        "--method", "xts-aes-128", "--recovery-password-file", recovery.toString())).as(err.toString()).isZero();
    assertThat(Files.size(image)).isEqualTo(4L << 20);
    assertThat(Files.readString(recovery).strip()).matches("(\\d{6}-){7}\\d{6}");
    assertThat(run(data, "bitlocker", "write", image.toString(), "--bek-file", bek.toString(), "--offset", "1048777"))
        .as(err.toString()).isZero();
    assertThat(run(new byte[0], "bitlocker", "read", image.toString(), "--bek-file", bek.toString(),
        "--offset", "1048777", "--length", "5000")).as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(data);

    ExternalTools.require("dislocker-file", "dislocker");
    Path decrypted = dir.resolve("plain.img");
    Process p = new ProcessBuilder(List.of("dislocker-file", "-V", image.toString(), "-f", bek.toString(), "--", decrypted.toString()))
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    byte[] plain = Files.readAllBytes(decrypted);
    assertThat(Arrays.copyOfRange(plain, 1048777, 1048777 + 5000)).isEqualTo(data);
  }

  @Test
  void dump_formattedImage_printsGuidMethodAndProtectors() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--sector-size", "4096", "--description", "VM1 C:")).as(err.toString()).isZero();

    assertThat(run(new byte[0], "bitlocker", "dump", image.toString())).as(err.toString()).isZero();

    assertThat(out.toString()).contains("method:         XTS_AES_256 (xts-aes-256)").contains("description:    VM1 C:")
        .contains("sector size:    4096").contains("external key (.BEK) (0x0200)").contains("state:          ENCRYPTED\n");
  }

  /** Issue 21: a description with a newline and a terminal escape cannot forge a line of dump's output. */
  @Test
  @Tag("reliability")
  void dump_descriptionWithControlCharacters_printsThemEscapedOnOneLine() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    String forged = "data\n  protector:      00000000-0000-0000-0000-000000000000 clear key\u001b[2J\u202e\\";
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--description", forged)).as(err.toString()).isZero();

    assertThat(run(new byte[0], "bitlocker", "dump", image.toString())).as(err.toString()).isZero();

    String dump = out.toString();
    assertThat(dump).doesNotContain("\u001b").doesNotContain("\u202e")
        .contains("description:    data\\u000a  protector:      00000000-0000-0000-0000-000000000000 clear key"
            + "\\u001b[2J\\u202e\\\\\n");
    assertThat(dump.lines().filter(l -> l.startsWith("  protector:"))).hasSize(1);
  }

  static java.util.stream.Stream<String> ciphers() {
    return java.util.stream.Stream.of("xts-aes-128", "xts-aes-256", "aes-cbc-128", "aes-cbc-256",
        "aes-cbc-128-elephant", "aes-cbc-256-elephant");
  }

  /**
   * Each cipher: formatted with the metadata spread as Windows spreads it, written across the first
   * metadata copy's neighbourhood, read back whole, and decrypted by dislocker to the same bytes.
   */
  @ParameterizedTest
  @MethodSource("ciphers")
  void formatWriteRead_eachCipher_roundTripsAcrossTheWholeVolumeAndDislockerAgrees(String cipher) throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    byte[] data = new byte[65536];
    new Random(7).nextBytes(data);
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "4M", "--bek-file", bek.toString(),
        "--cipher", cipher)).as(err.toString()).isZero();
    long last = 4L * 1024 * 1024 - data.length; // past all three copies, which sit at about 1/3, 4/9 and 5/9

    assertThat(run(data, "bitlocker", "write", image.toString(), "--bek-file", bek.toString(), "--offset",
        Long.toString(last))).as(err.toString()).isZero();
    out.reset();
    assertThat(run(new byte[0], "bitlocker", "read", image.toString(), "--bek-file", bek.toString(),
        "--offset", "0", "--length", Long.toString(4L * 1024 * 1024))).as(err.toString()).isZero();

    byte[] whole = out.toByteArray();
    assertThat(whole).hasSize(4 * 1024 * 1024);
    assertThat(Arrays.copyOfRange(whole, (int) last, whole.length)).isEqualTo(data);
    ExternalTools.require("dislocker-file", "dislocker");
    Path decrypted = dir.resolve("plain.img");
    Process p = new ProcessBuilder(List.of("dislocker-file", "-V", image.toString(), "-f", bek.toString(), "--",
        decrypted.toString())).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(Files.readAllBytes(decrypted)).as("dislocker's whole-volume output equals ours").isEqualTo(whole);
  }

  @Test
  void read_recoveryPasswordOrItsFile_unlocksLikeTheBekFile() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    Path recovery = dir.resolve("recovery.txt");
    byte[] data = "written with the BEK file".getBytes(StandardCharsets.US_ASCII);
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--recovery-password-file", recovery.toString(), "--cipher", "aes-cbc-128-elephant")).as(err.toString()).isZero();
    assertThat(run(data, "bitlocker", "write", image.toString(), "--bek-file", bek.toString(), "--offset", "4096"))
        .as(err.toString()).isZero();
    String read = "bitlocker read " + image + " --offset 4096 --length " + data.length;

    out.reset();
    assertThat(run(new byte[0], (read + " --recovery-password-file " + recovery).split(" "))).as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(data);
    out.reset();
    assertThat(run(new byte[0], (read + " --recovery-password " + Files.readString(recovery).strip()).split(" ")))
        .as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(run(new byte[0], (read + " --recovery-password 111111-222222").split(" "))).isEqualTo(2);
    assertThat(err.toString()).contains("2 dash-separated groups");
    assertThat(run(new byte[0], (read + " --bek-file " + bek + " --recovery-password-file " + recovery).split(" ")))
        .isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void passphraseFile_formatsAPassphraseProtectorThatReadUnlocks() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    Path passphrase = dir.resolve("pass.txt");
    Files.writeString(passphrase, "data volume password\n");
    byte[] data = "unlocked with the passphrase".getBytes(StandardCharsets.US_ASCII);
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--passphrase-file", passphrase.toString())).as(err.toString()).isZero();
    assertThat(run(data, "bitlocker", "write", image.toString(), "--bek-file", bek.toString(), "--offset", "0"))
        .as(err.toString()).isZero();

    assertThat(run(new byte[0], "bitlocker", "read", image.toString(), "--passphrase-file", passphrase.toString(),
        "--offset", "0", "--length", Integer.toString(data.length))).as(err.toString()).isZero();
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(run(new byte[0], "bitlocker", "dump", image.toString())).isZero();
    assertThat(out.toString()).contains("passphrase (0x2000)");

    Path other = dir.resolve("other.img");
    Files.writeString(passphrase, "short\n");
    assertThat(run(new byte[0], "bitlocker", "format", other.toString(), "--size", "2M", "--bek-file",
        dir.resolve("other.bek").toString(), "--passphrase-file", passphrase.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("holds 5 characters: 8 to 256 allowed");
    assertThat(other).as("refused before the image was created").doesNotExist();
  }

  @Test
  void formatPausedWithClearKey_dumpShowsTheStateAndReadNeedsNoKey() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--encrypted-size", "1M", "--clear-key", "--placement", "end")).as(err.toString()).isZero();
    byte[] data = "plaintext above the boundary".getBytes(StandardCharsets.US_ASCII);
    assertThat(run(data, "bitlocker", "write", image.toString(), "--clear-key", "--offset", "1100000"))
        .as(err.toString()).isZero();

    assertThat(run(new byte[0], "bitlocker", "dump", image.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("state:          SWITCH_PAUSED, heading for ENCRYPTED: bytes [0, 1048576) "
        + "encrypted, the rest plaintext").contains("clear key (0x0000)").contains("metadata copy 2: 65536 bytes at 2031616");
    byte[] raw = Files.readAllBytes(image);
    assertThat(Arrays.copyOfRange(raw, 1100000, 1100000 + data.length)).as("stored as plaintext").isEqualTo(data);
  }

  @Test
  void read_wrongBekFile_exitsWith2AndOneLine() throws Exception {
    Path image = dir.resolve("vol.img");
    Path other = dir.resolve("other.img");
    Path bek = dir.resolve("vol.bek");
    Path otherBek = dir.resolve("other.bek");
    run(new byte[0], "bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString());
    run(new byte[0], "bitlocker", "format", other.toString(), "--size", "2M", "--bek-file", otherBek.toString());

    int status = run(new byte[0], "bitlocker", "read", image.toString(), "--bek-file", otherBek.toString(), "--offset", "0", "--length", "512");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("has no external key protector with GUID").doesNotContain("\tat ");
  }

  @Test
  void badArguments_exitWith2NamingTheValue() throws Exception {
    Path image = dir.resolve("vol.img");
    Path bek = dir.resolve("vol.bek");
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "4M", "--bek-file", bek.toString(),
        "--cipher", "aes-cbc")).isEqualTo(2);
    assertThat(err.toString()).contains("--cipher must be one of [aes-cbc-128-elephant, aes-cbc-256-elephant, "
        + "aes-cbc-128, aes-cbc-256, xts-aes-128, xts-aes-256], got 'aes-cbc'");
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "lots", "--bek-file", bek.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--size");
    assertThat(run(new byte[0], "bitlocker", "format", image.toString(), "--size", "4M", "--bek-file", bek.toString())).isZero();
    assertThat(run(new byte[0], "bitlocker", "read", image.toString(), "--bek-file", bek.toString(), "--offset", "-100",
        "--length", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("byte range [-100, -99) does not fit");
    assertThat(run(new byte[0], "bitlocker", "read", image.toString(), "--bek-file", bek.toString(), "--offset", "4190000",
        "--length", "10000")).isEqualTo(2);
    assertThat(err.toString()).contains("does not fit");
    assertThat(run(new byte[0], "bitlocker", "dump", dir.resolve("missing.img").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("does not exist");
  }
}
