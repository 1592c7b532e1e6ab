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
import java.util.HexFormat;
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

  @Option(names = "--key", required = true, description = "the XTS key in hex: 64 hex digits (XTS-AES-128) or 128 (XTS-AES-256)")
  String keyHex;

  @Option(names = "--sector", required = true, description = "the sector number of the first sector read")
  long sector;

  @Option(names = "--sector-size", defaultValue = "512", description = "512 or 4096 (default ${DEFAULT-VALUE})")
  int sectorSize;

  @Option(names = "--tweak-unit", defaultValue = "512", description = "512 (dm-crypt, LUKS2) or sector (BitLocker) (default ${DEFAULT-VALUE})")
  String tweakUnit;

  @Override
  public Integer call() throws IOException {
    if (sector < 0) {
      throw new IllegalArgumentException("--sector must be >= 0, got " + sector);
    }
    SectorSize size = SectorSize.ofBytes(sectorSize);
    TweakUnit unit = Unit.parse(tweakUnit) == Unit.SECTOR ? TweakUnit.SECTOR : TweakUnit.BYTES_512;
    byte[] keyBytes = parseKey(keyHex);
    try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(keyBytes);
        SectorCipher cipher = XtsEngines.defaultEngine().newCipher(new XtsParameters(keyBytes.length * 8, size, unit), key)) {
      pump(cipher, size.bytes());
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
    return 0;
  }

  private static byte[] parseKey(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("--key has an odd number of hex digits (" + hex.length() + ")");
    }
    byte[] key;
    try {
      key = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--key is not hex");
    }
    if (key.length != 32 && key.length != 64) {
      int bits = key.length * 8;
      Arrays.fill(key, (byte) 0);
      throw new IllegalArgumentException("--key is " + bits + " bits: XTS takes 256 (XTS-AES-128) or 512 (XTS-AES-256)");
    }
    return key;
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
      next += filled / sectorBytes;
      if (filled < buffer.length) {
        break;
      }
    }
    out.flush();
  }
}
