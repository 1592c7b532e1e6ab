package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that write check everything before they write, never destroy what they refuse, create key
 * files owner-only, and end every failure in one line that names its cause.
 */
@Tag("reliability")
class CommandSafetyTest {
  private static final String KEY = "00112233445566778899aabbccddeeff" + "0123456789abcdef0123456789abcdef"
      + "ffeeddccbbaa99887766554433221100" + "fedcba9876543210fedcba9876543210";

  @TempDir Path dir;
  @AutoClose private final Console console = new Console();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  private int run(String... args) {
    return console.run(new byte[0], args);
  }

  private Path passphrase() throws IOException {
    Path p = dir.resolve("pass");
    Files.writeString(p, "correct horse");
    return p;
  }

  private static String digest(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private String stderrLine() {
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).as("one line on standard error: %s", text).hasSize(1);
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
    return text;
  }

  /** An existing LUKS image, and its digest to compare after each refused command. */
  private Path luksImage() throws Exception {
    Path image = dir.resolve("v.img");
    assertThat(run("luks", "format", image.toString(), "--size", "17M", "--passphrase-file", passphrase().toString(),
        "--pbkdf", "pbkdf2")).as(err.toString()).isZero();
    return image;
  }

  @Test
  void luksFormat_refusedOrFailed_leavesTheExistingImageAsItWas() throws Exception {
    Path image = luksImage();
    String before = digest(image);
    String pass = passphrase().toString();

    assertThat(run("luks", "format", image.toString(), "--size", "17M", "--passphrase-file", pass)).isEqualTo(2);
    assertThat(stderrLine()).contains("IMAGE " + image + " exists: use --force");
    assertThat(run("luks", "format", image.toString(), "--size", "1M", "--passphrase-file", pass, "--force")).isEqualTo(2);
    assertThat(stderrLine()).contains("--size 1M");
    assertThat(run("luks", "format", image.toString(), "--size", "17M", "--passphrase-file", image.toString(), "--force"))
        .isEqualTo(2);
    assertThat(stderrLine()).contains("same file");

    assertThat(digest(image)).isEqualTo(before);
    assertThat(Files.size(image)).isEqualTo(17L << 20);
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("v.img", "pass"); // no temporary left behind
  }

  @Test
  void luksFormat_sizeTheFileSystemRefuses_failsWithItsReasonAndKeepsTheImage() throws Exception {
    Path image = luksImage();
    String before = digest(image);
    Path probe = dir.resolve("probe");
    try (RandomAccessFile f = new RandomAccessFile(probe.toFile(), "rw")) {
      f.setLength(100L << 40);
      assumeTrue(false, "this file system holds a 100 TiB sparse file: nothing to refuse");
    } catch (IOException expected) {
      Files.deleteIfExists(probe);
    }

    assertThat(run("luks", "format", image.toString(), "--size", "100T", "--passphrase-file", passphrase().toString(),
        "--force")).isEqualTo(1);

    assertThat(stderrLine()).contains("File too large");
    assertThat(digest(image)).isEqualTo(before);
  }

  @Test
  void luksFormat_force_replacesTheImageWithACompleteVolume() throws Exception {
    Path image = luksImage();
    String before = digest(image);
    assertThat(run("luks", "format", image.toString(), "--size", "18M", "--passphrase-file", passphrase().toString(),
        "--pbkdf", "pbkdf2", "--force")).as(err.toString()).isZero();
    assertThat(digest(image)).isNotEqualTo(before);
    assertThat(Files.size(image)).isEqualTo(18L << 20);
    assertThat(run("luks", "dump", image.toString())).isZero();
  }

  @Test
  void bitlockerFormat_badKeyPath_isRefusedBeforeTheImageIsTouched() throws Exception {
    Path image = dir.resolve("b.img");
    Path bek = dir.resolve("b.BEK");
    assertThat(run("bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString())).isZero();
    String before = digest(image);
    String bekBefore = digest(bek);

    assertThat(run("bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", "/nonexistent/x.BEK", "--force"))
        .isEqualTo(2);
    assertThat(stderrLine()).contains("--bek-file /nonexistent/x.BEK").contains("does not exist");
    assertThat(run("bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", image.toString(), "--force"))
        .isEqualTo(2);
    assertThat(stderrLine()).contains("same file");
    assertThat(run("bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", dir.resolve("new.BEK").toString()))
        .isEqualTo(2);
    assertThat(stderrLine()).contains("exists: use --force");
    assertThat(run("bitlocker", "format", dir.resolve("c.img").toString(), "--size", "2M", "--bek-file", bek.toString()))
        .isEqualTo(2);
    assertThat(stderrLine()).contains("--bek-file " + bek + " exists");

    assertThat(digest(image)).isEqualTo(before);
    assertThat(digest(bek)).isEqualTo(bekBefore);
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("b.img", "b.BEK");
  }

  @Test
  void keyFiles_areOwnerOnly_andReplacedNeverWrittenInto() throws Exception {
    Path image = dir.resolve("k.img");
    Path bek = dir.resolve("k.BEK");
    Path recovery = dir.resolve("k.txt");
    Files.writeString(bek, "someone else's file");
    Files.setPosixFilePermissions(bek, PosixFilePermissions.fromString("rw-r--r--"));
    Path otherName = dir.resolve("hardlink-to-the-old-file");
    Files.createLink(otherName, bek);

    assertThat(run("bitlocker", "format", image.toString(), "--size", "2M", "--bek-file", bek.toString(),
        "--recovery-password-file", recovery.toString(), "--force")).as(err.toString()).isZero();

    assertThat(Files.getPosixFilePermissions(bek)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(recovery)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(otherName)).as("the old file is replaced, not written into").isEqualTo("someone else's file");
    assertThat(Files.isSameFile(bek, otherName)).isFalse();
    assertThat(Files.size(bek)).isGreaterThan(100);
    assertThat(run("bitlocker", "read", image.toString(), "--bek-file", bek.toString(), "--offset", "0", "--length", "16"))
        .as(err.toString()).isZero();
    assertThat(Files.isSymbolicLink(bek) || !Files.isRegularFile(bek, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void xts_keyFile_andStandardInput_giveWhatTheKeyOptionGives() throws Exception {
    byte[] sectors = new byte[1024];
    for (int i = 0; i < sectors.length; i++) {
      sectors[i] = (byte) (i * 7);
    }
    assertThat(console.run(sectors, "xts", "encrypt", "--key", KEY, "--sector", "5")).isZero();
    byte[] expected = out.toByteArray();
    Path keyFile = dir.resolve("xts.key");
    Files.writeString(keyFile, KEY + "\n");

    assertThat(console.run(sectors, "xts", "encrypt", "--key-file", keyFile.toString(), "--sector", "5")).isZero();
    assertThat(out.toByteArray()).isEqualTo(expected);

    byte[] keyThenSectors = concat((KEY + "\n").getBytes(StandardCharsets.US_ASCII), sectors);
    assertThat(console.run(keyThenSectors, "xts", "encrypt", "--key-file", "-", "--sector", "5")).isZero();
    assertThat(out.toByteArray()).isEqualTo(expected);

    assertThat(console.run(sectors, "xts", "encrypt", "--key", KEY, "--key-file", keyFile.toString(), "--sector", "5"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive").doesNotContain(KEY);
  }

  @Test
  void xts_strayArgumentBesideTheKey_isNotEchoed() {
    String firstHalf = KEY.substring(0, 64);
    String secondHalf = KEY.substring(64); // a key pasted with a space in it
    for (String[] args : new String[][] {
        {"xts", "encrypt", "--key", firstHalf, secondHalf, "--sector", "0"},
        {"xts", "encrypt", "--key=" + firstHalf, secondHalf, "--sector", "0"},
        {"xts", secondHalf, "--key", firstHalf, "--sector", "0"},
        {"xts", "encrypt", "--key", KEY, "--key", KEY, "--sector", "0"}}) {
      assertThat(run(args)).isEqualTo(2);
      assertThat(err.toString()).doesNotContain(firstHalf).doesNotContain(secondHalf).contains("hidden");
    }
    String password = "111111-222222-333333-444444-555555-666666-777777-888888";
    assertThat(run("bitlocker", "read", "x.img", "--recovery-password", password, "stray-" + password, "--offset", "0",
        "--length", "1")).isEqualTo(2);
    assertThat(err.toString()).doesNotContain(password).contains("hidden");
    assertThat(run("xts", "--help")).isZero();
    assertThat(out.toString()).contains("Visible to other users").contains("--key-file");
  }

  @Test
  void xts_sectorWhoseTweakWouldWrap_isRefused() {
    assertThat(console.run(new byte[4096], "xts", "encrypt", "--key", KEY, "--sector", Long.toString(1L << 61),
        "--sector-size", "4096")).isEqualTo(2);
    assertThat(stderrLine()).contains(Long.toString((1L << 61) - 1)).doesNotContain(KEY);
    assertThat(out.size()).isZero();
  }

  @Test
  void inputThatIsADirectoryOrAFifo_isNamedAsSuch() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertThat(run("luks", "dump", dir.toString())).isEqualTo(2);
    assertThat(stderrLine()).contains(dir + " is a directory");
    assertThat(run("luks", "dump", fifo.toString())).isEqualTo(2);
    assertThat(stderrLine()).contains("is not a regular file");
    assertThat(run("luks", "dump", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(stderrLine()).contains("does not exist");
  }

  @Test
  void anErrorThrownDuringACommand_isOneLineAndStatus1() throws Exception {
    Path image = luksImage();
    InputStream exhausted = new InputStream() {
      @Override
      public int read() {
        throw new OutOfMemoryError("Java heap space");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        throw new OutOfMemoryError("Java heap space");
      }
    };
    InputStream stdin = System.in;
    System.setIn(exhausted);
    err.reset();
    int status;
    try {
      status = Diskcrypt.run("luks", "write", image.toString(), "--passphrase-file", passphrase().toString(), "--offset", "0");
    } finally {
      System.setIn(stdin);
    }
    assertThat(status).isEqualTo(1);
    assertThat(stderrLine()).contains("out of memory (Java heap space)");
  }

  @Test
  void compareOutputInAMissingDirectory_failsBeforeTheWork() {
    assertThat(run("compare", "-o", "/nonexistent/dir/table.json", "--format", "json")).isEqualTo(2);
    assertThat(stderrLine()).contains("/nonexistent/dir").contains("does not exist").doesNotContain("auditing");
    assertThat(run("compare", "-o", "/proc/table.json")).isEqualTo(1);
    assertThat(stderrLine()).contains("/proc/").doesNotContain("auditing");
  }

  @Test
  void dumpAndRead_workOnAnImageNobodyMayWrite() throws Exception {
    Path image = luksImage();
    // Root may write a 0444 file, so make it immutable instead when the file system allows.
    boolean immutable = "root".equals(System.getProperty("user.name"))
        && new ProcessBuilder("chattr", "+i", image.toString()).redirectErrorStream(true).start().waitFor() == 0;
    assumeTrue(immutable || image.toFile().setWritable(false, false), "cannot make the image read-only here");
    try {
      assertThat(run("luks", "dump", image.toString())).as(err.toString()).isZero();
      assertThat(run("luks", "read", image.toString(), "--passphrase-file", passphrase().toString(), "--offset", "0",
          "--length", "512")).as(err.toString()).isZero();
      assertThat(out.size()).isEqualTo(512);
      assertThat(run("luks", "write", image.toString(), "--passphrase-file", passphrase().toString(), "--offset", "0"))
          .isEqualTo(1);
      assertThat(stderrLine()).contains(image.toString()).containsAnyOf("Operation not permitted", "permission denied");
    } finally {
      if (immutable) {
        new ProcessBuilder("chattr", "-i", image.toString()).start().waitFor();
      }
    }
  }

  @Test
  void operatingSystemFailures_nameTheirReason() {
    assertThat(Diskcrypt.describe(new java.nio.file.AccessDeniedException("/x/y.img"))).isEqualTo("/x/y.img: permission denied");
    assertThat(Diskcrypt.describe(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/gone"))))
        .isEqualTo("/gone: no such file or directory");
    assertThat(Diskcrypt.describe(new java.nio.file.FileSystemException("/f", null, "File too large")))
        .isEqualTo("/f: File too large");
    assertThat(Diskcrypt.describe(new StackOverflowError())).isEqualTo("java.lang.StackOverflowError");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
