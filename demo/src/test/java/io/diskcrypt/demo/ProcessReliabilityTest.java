package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diskcrypt} as a separate JVM, as a user runs it: killed with SIGKILL in the middle of a
 * write, racing a second writer, writing to a full standard output, streaming more than its heap.
 */
@Tag("reliability")
@Timeout(180)
class ProcessReliabilityTest {
  private static final long DATA_OFFSET = 16L << 20; // LUKS2's default header size
  private static final int AREA = 4 << 20; // the part of the data area the tests write

  @TempDir Path dir;
  @AutoClose private final Console console = new Console();

  /** A {@code diskcrypt} command in a JVM of its own, with the test's class path. */
  private static ProcessBuilder diskcrypt(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Diskcrypt.class.getName());
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command);
  }

  private static String stderrOf(Process p) throws IOException {
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private Path passphrase() throws IOException {
    Path p = dir.resolve("pass");
    if (!Files.exists(p)) {
      Files.writeString(p, "kill -9 proof");
    }
    return p;
  }

  private Path format(String name, String size) throws IOException {
    Path image = dir.resolve(name);
    assertThat(console.run(new byte[0], "luks", "format", image.toString(), "--size", size, "--passphrase-file",
        passphrase().toString(), "--pbkdf", "pbkdf2")).as(console.err.toString()).isZero();
    return image;
  }

  private byte[] readArea(Path image) throws IOException {
    assertThat(console.run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", passphrase().toString(),
        "--offset", "0", "--length", Integer.toString(AREA))).as(console.err.toString()).isZero();
    return console.out.toByteArray();
  }

  /** Feeds {@code bytes} to a process's standard input on another thread, counting what it took. */
  private static CompletableFuture<Void> feed(Process p, byte[] bytes, AtomicLong fed, boolean close) {
    return CompletableFuture.runAsync(() -> {
      try {
        OutputStream in = p.getOutputStream();
        for (int at = 0; at < bytes.length; at += 64 * 1024) {
          in.write(bytes, at, Math.min(64 * 1024, bytes.length - at));
          fed.set(at + 64 * 1024L);
        }
        if (close) {
          in.close();
        } else {
          in.flush();
        }
      } catch (IOException e) {
        // the process was killed: what it took is all it gets
      }
    });
  }

  @Test
  void writeKilledWithSigkill_leavesEverySectorOldOrNew() throws Exception {
    Path image = format("kill.img", "21M");
    long seed = Seeds.base() + 2103;
    SplittableRandom random = Seeds.random(seed);
    byte[] old = new byte[AREA];
    random.nextBytes(old);
    assertThat(console.run(old, "luks", "write", image.toString(), "--passphrase-file", passphrase().toString(),
        "--offset", "0")).isZero();
    int offset = 1000 + random.nextInt(4096); // unaligned: the first and last sector are read-modify-written
    byte[] incoming = new byte[AREA - 8192];
    byte[] expectedNew = old.clone();

    for (int round = 0; round < 2; round++) {
      random.nextBytes(incoming);
      System.arraycopy(incoming, 0, expectedNew, offset, incoming.length);
      Process writer = diskcrypt(List.of(), "luks", "write", image.toString(), "--passphrase-file",
          passphrase().toString(), "--offset", Integer.toString(offset)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      AtomicLong fed = new AtomicLong();
      // Past 2 MiB the writer has read its second chunk, so it has written its first: some sectors are new.
      long killAt = (2L << 20) + (128 << 10) + random.nextLong(incoming.length - (2L << 20) - (128 << 10));
      CompletableFuture<Void> feeding = feed(writer, incoming, fed, true);
      while (fed.get() < killAt && writer.isAlive()) {
        Thread.onSpinWait();
      }
      writer.destroyForcibly(); // SIGKILL
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
      feeding.join();

      byte[] after = readArea(image);
      int newSectors = 0;
      for (int s = 0; s < AREA / 512; s++) {
        int at = s * 512;
        boolean isOld = Arrays.equals(after, at, at + 512, old, at, at + 512);
        boolean isNew = Arrays.equals(after, at, at + 512, expectedNew, at, at + 512);
        assertThat(isOld || isNew).as("round %d, sector %d is neither old nor new: torn (seed %d)", round, s, seed).isTrue();
        newSectors += isNew && !isOld ? 1 : 0;
      }
      System.arraycopy(after, 0, old, 0, AREA); // what this round left is the next round's old
      System.arraycopy(after, 0, expectedNew, 0, AREA);
      assertThat(newSectors).as("killed after %d of %d bytes fed (seed %d)", killAt, incoming.length, seed).isPositive();
    }
  }

  @Test
  void secondWriter_isRefusedWhileTheFirstHoldsTheImage() throws Exception {
    Path image = format("race.img", "20M");
    Process first = diskcrypt(List.of(), "luks", "write", image.toString(), "--passphrase-file", passphrase().toString(),
        "--offset", "0").start();
    AtomicLong fed = new AtomicLong();
    byte[] firstBytes = new byte[2 << 20];
    Arrays.fill(firstBytes, (byte) 1);
    CompletableFuture<Void> feeding = feed(first, firstBytes, fed, false);
    feeding.join(); // 2 MiB taken: the first writer has the image open, and waits for the rest of its input

    assertThat(console.run(new byte[] {2}, "luks", "write", image.toString(), "--passphrase-file",
        passphrase().toString(), "--offset", "100")).isEqualTo(1);
    assertThat(console.err.toString()).contains(image.toString()).contains("in use: another process has it open");
    assertThat(console.run(new byte[0], "luks", "dump", image.toString())).isEqualTo(1);
    assertThat(console.err.toString()).contains("in use");

    first.getOutputStream().close();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(stderrOf(first)).isZero();
    byte[] after = readArea(image);
    assertThat(after[100]).as("the refused writer changed nothing").isEqualTo((byte) 1);
  }

  @Test
  void fullStandardOutput_exitsNonZeroNamingTheCause() throws Exception {
    Path key = dir.resolve("key");
    Files.writeString(key, "ab".repeat(32) + "cd".repeat(32));
    Path sectors = dir.resolve("sectors");
    Files.write(sectors, new byte[1 << 20]);
    Process xts = diskcrypt(List.of(), "xts", "encrypt", "--key-file", key.toString(), "--sector", "0")
        .redirectInput(sectors.toFile()).redirectOutput(new File("/dev/full")).start();
    String err = stderrOf(xts);
    assertThat(xts.waitFor()).as(err).isEqualTo(1);
    assertThat(err.lines()).hasSize(1);
    assertThat(err).contains("cannot write standard output: No space left on device");

    Path image = format("full.img", "17M");
    Process dump = diskcrypt(List.of(), "luks", "dump", image.toString()).redirectOutput(new File("/dev/full")).start();
    String dumpErr = stderrOf(dump);
    assertThat(dump.waitFor()).as(dumpErr).isEqualTo(1);
    assertThat(dumpErr).contains("No space left on device");
  }

  @Test
  void writeOfMoreThanTheHeap_streams() throws Exception {
    Path image = format("big.img", "90M");
    Path input = dir.resolve("64M");
    try (OutputStream out = Files.newOutputStream(input)) {
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        Arrays.fill(block, (byte) i);
        out.write(block);
      }
    }
    Process write = diskcrypt(List.of("-Xmx32m"), "luks", "write", image.toString(), "--passphrase-file",
        passphrase().toString(), "--offset", "777").redirectInput(input.toFile()).start();
    String err = stderrOf(write);
    assertThat(write.waitFor()).as(err).isZero();
    assertThat(err).contains("wrote " + (64L << 20) + " bytes at offset 777");
    assertThat(console.run(new byte[0], "luks", "read", image.toString(), "--passphrase-file", passphrase().toString(),
        "--offset", Long.toString(777 + (63L << 20)), "--length", "1M")).isZero();
    assertThat(console.out.toByteArray()).containsOnly((byte) 63);
  }
}
