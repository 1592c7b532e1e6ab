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
import org.junit.jupiter.api.Test;
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

    assertThat(out.toString()).contains("method:        XTS_AES_256").contains("description:   VM1 C:")
        .contains("sector size:   4096").contains("EXTERNAL_KEY");
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
        "--method", "aes-cbc")).isEqualTo(2);
    assertThat(err.toString()).contains("--method must be xts-aes-128 or xts-aes-256, got 'aes-cbc'");
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
