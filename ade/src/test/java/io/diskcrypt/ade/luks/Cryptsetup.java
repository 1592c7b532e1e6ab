package io.diskcrypt.ade.luks;

import io.diskcrypt.core.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs the real cryptsetup (skipped where absent, failing under CI) on image files. */
final class Cryptsetup {
  /** Exit code and output of one run. */
  record Result(int exitCode, String output) {}

  private final Path binary;

  private Cryptsetup(Path binary) {
    this.binary = binary;
  }

  static Cryptsetup require() {
    return new Cryptsetup(ExternalTools.require("cryptsetup", "cryptsetup-bin"));
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs and fails the test unless the exit code is 0. */
  String ok(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("cryptsetup " + String.join(" ", args) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }

  /** The volume key that {@code luksDump --dump-volume-key} prints. */
  byte[] dumpVolumeKey(Path keyFile, String... imageArgs) {
    List<String> args = new ArrayList<>(List.of("luksDump", "--dump-volume-key", "-q", "--key-file", keyFile.toString()));
    args.addAll(List.of(imageArgs));
    String out = ok(args.toArray(String[]::new));
    StringBuilder hex = new StringBuilder();
    boolean inDump = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("MK dump:")) {
        inDump = true;
        line = line.substring("MK dump:".length());
      } else if (inDump && !(line.startsWith("\t") || line.startsWith(" "))) {
        break;
      }
      if (inDump) {
        hex.append(line.replaceAll("[^0-9a-fA-F]", ""));
      }
    }
    return HexFormat.of().parseHex(hex.toString());
  }
}
