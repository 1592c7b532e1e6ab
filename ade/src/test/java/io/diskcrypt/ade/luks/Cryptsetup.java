package io.diskcrypt.ade.luks;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs the real cryptsetup (skipped where absent, failing under CI) on image files. */
final class Cryptsetup {
  /** The passphrase the cryptsetup tests format and open with. */
  static final byte[] PASSPHRASE = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);

  private final Path binary;

  private Cryptsetup(Path binary) {
    this.binary = binary;
  }

  static Cryptsetup require() {
    return new Cryptsetup(ExternalTools.require("cryptsetup", "cryptsetup-bin"));
  }

  /** Writes {@link #PASSPHRASE} to {@code dir}/passphrase, for {@code --key-file}. */
  static Path passphraseFile(Path dir) throws IOException {
    return Files.write(dir.resolve("passphrase"), PASSPHRASE);
  }

  Run run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    return Run.of(command.toArray(String[]::new));
  }

  /** Runs and fails the test unless the exit code is 0. */
  String ok(String... args) {
    Run r = run(args);
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
