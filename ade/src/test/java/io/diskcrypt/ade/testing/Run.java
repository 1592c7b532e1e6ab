package io.diskcrypt.ade.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (cryptsetup, dislocker, bdeinfo) for an interop test and keeps its exit
 * status and output (stdout and stderr together). A run that has not ended after {@link #TIMEOUT_SECONDS}
 * is killed and fails the test, naming the command, so that a hung tool cannot hang the build.
 */
public record Run(int exitCode, String output) {
  /** How long one run may take: far more than any tool needs on the small test images. */
  public static final long TIMEOUT_SECONDS = 120;

  /** Runs {@code command} with nothing on its standard input. */
  public static Run of(String... command) {
    return withStdin(null, command);
  }

  /** Runs {@code command} with {@code stdin} (UTF-8; null for none) on its standard input. */
  public static Run withStdin(String stdin, String... command) {
    return run(TIMEOUT_SECONDS, stdin, command);
  }

  static Run run(long timeoutSeconds, String stdin, String... command) {
    Path log = null;
    try {
      // Output goes to a file, not a pipe read here: reading a pipe blocks for as long as a hung tool
      // keeps it open, and the timeout below would never be reached.
      log = Files.createTempFile("run", ".log");
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("`" + String.join(" ", command) + "` did not finish within " + timeoutSeconds
            + " s and was killed; its output so far:\n" + read(log));
      }
      return new Run(p.exitValue(), read(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // a leftover temp file is harmless; the run's own result or failure matters more
        }
      }
    }
  }

  private static String read(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8); // malformed bytes replaced, not thrown
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ":\n" + output;
  }
}
