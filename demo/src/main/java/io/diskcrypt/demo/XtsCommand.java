package io.diskcrypt.demo;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt xts encrypt|decrypt}: AES-XTS over whole sectors from standard input. */
@Command(
    name = "xts",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt or decrypt whole sectors from standard input to standard output with AES-XTS",
      "(dm-crypt aes-xts-plain64: tweak = sector number, 64-bit little-endian)."
    })
final class XtsCommand implements Callable<Integer> {
  enum Operation { encrypt, decrypt }

  enum Unit {
    BYTES_512("512"), SECTOR("sector");
    private final String word;
    Unit(String word) {
      this.word = word;
    }
    static Unit parse(String word) {
      for (Unit u : values()) {
        if (u.word.equals(word)) {
          return u;
        }
      }
      throw new IllegalArgumentException("--tweak-unit must be 512 or sector, got '" + word + "'");
    }
  }

  @Parameters(index = "0", description = "encrypt or decrypt")
  Operation operation;

  /** Exactly one of the two ways to give the key. */
  static final class KeySource {
    @Option(names = "--key", paramLabel = "HEX", description = {
        "the XTS key in hex: 64 hex digits (XTS-AES-128) or 128 (XTS-AES-256).",
        "Visible to other users of this machine (ps, /proc): prefer --key-file."})
    String hex;

    @Option(names = "--key-file", paramLabel = "FILE", description = {
        "a file holding the key in hex (surrounding whitespace ignored); '-' reads it from the first",
        "line of standard input, and the sectors follow that line"})
    java.nio.file.Path file;
  }

  @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  KeySource key;

  @Option(names = "--sector", required = true, description = "the sector number of the first sector read")
  long sector;

  @Option(names = "--sector-size", defaultValue = "512", description = "512 or 4096 (default ${DEFAULT-VALUE})")
  int sectorSize;

  @Option(names = "--tweak-unit", defaultValue = "512", description = "512 (dm-crypt, LUKS2) or sector (BitLocker) (default ${DEFAULT-VALUE})")
  String tweakUnit;

  @Override
  public Integer call() throws IOException {
    SectorSize size = SectorSize.ofBytes(sectorSize);
    TweakUnit unit = Unit.parse(tweakUnit) == Unit.SECTOR ? TweakUnit.SECTOR : TweakUnit.BYTES_512;
    byte[] keyBytes = key.hex != null ? parseKey("--key", key.hex.toCharArray()) : readKeyFile(key.file);
    try {
      XtsParameters parameters = new XtsParameters(keyBytes.length * 8, size, unit);
      parameters.checkSectors(sector, 1); // before any input is read
      try (SecretKeyMaterial material = SecretKeyMaterial.copyOf(keyBytes);
          SectorCipher cipher = XtsEngines.defaultEngine().newCipher(parameters, material)) {
        pump(cipher, size.bytes());
      }
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
    return 0;
  }

  /** The key from a file, or from the first line of standard input for {@code -}, wiping the text read. */
  private static byte[] readKeyFile(java.nio.file.Path file) throws IOException {
    byte[] text = file.toString().equals("-") ? firstLine(System.in)
        : java.nio.file.Files.readAllBytes(InputFiles.existing("--key-file", file));
    char[] hex = new char[text.length];
    try {
      int n = 0;
      for (byte b : text) {
        if (!Character.isWhitespace(b)) {
          hex[n++] = (char) (b & 0xff);
        }
      }
      return parseKey("--key-file " + file, Arrays.copyOf(hex, n));
    } finally {
      Arrays.fill(text, (byte) 0);
      Arrays.fill(hex, '\0');
    }
  }

  /** Reads up to a newline, byte by byte, so that the sectors after it stay in the stream. */
  private static byte[] firstLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(160);
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (line.size() > 1024) {
        throw new IllegalArgumentException("--key-file -: the first line of standard input is not a key (over 1 KiB)");
      }
      line.write(b);
    }
    return line.toByteArray();
  }

  /** The key bytes of {@code hex}; messages say what is wrong, never a digit of the key. */
  private static byte[] parseKey(String what, char[] hex) {
    try {
      if (hex.length % 2 != 0) {
        throw new IllegalArgumentException(what + " has an odd number of hex digits (" + hex.length + ")");
      }
      byte[] key = new byte[hex.length / 2];
      for (int i = 0; i < key.length; i++) {
        int hi = Character.digit(hex[2 * i], 16);
        int lo = Character.digit(hex[2 * i + 1], 16);
        if (hi < 0 || lo < 0) {
          Arrays.fill(key, (byte) 0);
          throw new IllegalArgumentException(what + " is not hex");
        }
        key[i] = (byte) (hi << 4 | lo);
      }
      if (key.length != 32 && key.length != 64) {
        Arrays.fill(key, (byte) 0);
        throw new IllegalArgumentException(what + " is " + key.length * 8
            + " bits: XTS takes 256 (XTS-AES-128) or 512 (XTS-AES-256)");
      }
      return key;
    } finally {
      Arrays.fill(hex, '\0');
    }
  }

  private void pump(SectorCipher cipher, int sectorBytes) throws IOException {
    InputStream in = System.in;
    OutputStream out = System.out;
    byte[] buffer = new byte[sectorBytes * 256];
    long next = sector;
    while (true) {
      int filled = in.readNBytes(buffer, 0, buffer.length);
      if (filled == 0) {
        break;
      }
      if (filled % sectorBytes != 0) {
        throw new IllegalArgumentException(
            "input ends with a partial sector: " + (filled % sectorBytes) + " bytes after sector " + (next + filled / sectorBytes - 1)
                + " (sectors are " + sectorBytes + " bytes)");
      }
      if (operation == Operation.encrypt) {
        cipher.encrypt(next, buffer, 0, filled);
      } else {
        cipher.decrypt(next, buffer, 0, filled);
      }
      out.write(buffer, 0, filled);
      if (out instanceof java.io.PrintStream p && p.checkError()) {
        return; // standard output failed: the caller reports it, and there is no point reading on
      }
      next += filled / sectorBytes;
      if (filled < buffer.length) {
        break;
      }
    }
    out.flush();
  }
}
