package io.diskcrypt.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tests that need an external program (cryptsetup, dislocker, python3 with cryptography) call {@link
 * #require}: where the program is missing the test is skipped with a message saying what to install,
 * except under CI ({@code CI=true}), where a missing tool is a failure: CI installs them all.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** The absolute path of {@code program} on the PATH (or /usr/sbin, /sbin), or null. */
  public static Path find(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The path of {@code program}; skips the test where it is absent, or fails it under CI.
   *
   * @param debianPackage the package that provides it, for the message
   */
  public static Path require(String program, String debianPackage) {
    Path found = find(program);
    if (found == null) {
      String message = program + " not found: install the Debian package " + debianPackage + " (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message);
    }
    return found;
  }

  /**
   * A python3 that imports {@code cryptography} (OpenSSL's AES-XTS, the independent peer of the XTS
   * tests): PATH's python3, else Debian's /usr/bin/python3; skips (or fails under CI) when neither does.
   */
  public static Path pythonWithCryptography() {
    List<Path> candidates = new ArrayList<>();
    Path onPath = find("python3");
    if (onPath != null) {
      candidates.add(onPath);
    }
    candidates.add(Path.of("/usr/bin/python3"));
    for (Path python : candidates) {
      if (Files.isExecutable(python) && importsCryptography(python)) {
        return python;
      }
    }
    requireThat(false, "no python3 that imports cryptography: install the Debian package python3-cryptography (.ci/run does)");
    throw new AssertionError("unreachable: requireThat skipped or failed");
  }

  private static boolean importsCryptography(Path python) {
    try {
      Process p = new ProcessBuilder(python.toString(), "-c", "import cryptography")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Skips (or, under CI, fails) unless {@code condition} holds; for checks beyond a program's presence. */
  public static void requireThat(boolean condition, String message) {
    if (!condition) {
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message);
    }
  }
}
