package io.diskcrypt.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

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
