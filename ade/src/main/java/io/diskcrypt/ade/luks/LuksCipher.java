package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dm-crypt ciphers LUKS volumes use, by their cryptsetup names: {@code aes-xts-plain64} (the
 * default since cryptsetup 1.6), and for reading older volumes {@code aes-cbc-essiv:sha256} (the
 * default before) and {@code aes-cbc-plain64}. IVs count 512-byte units, also with 4096-byte sectors,
 * as cryptsetup sets dm-crypt up for LUKS: plain64 is the little-endian unit number, ESSIV that number
 * encrypted under SHA-256 of the key.
 */
enum LuksCipher {
  AES_XTS_PLAIN64("aes-xts-plain64", List.of(32, 64)),
  AES_CBC_ESSIV_SHA256("aes-cbc-essiv:sha256", List.of(16, 24, 32)),
  AES_CBC_PLAIN64("aes-cbc-plain64", List.of(16, 24, 32));

  private final String spec;
  private final List<Integer> keySizes;

  LuksCipher(String spec, List<Integer> keySizes) {
    this.spec = spec;
    this.keySizes = keySizes;
  }

  /** The cryptsetup name. */
  String spec() {
    return spec;
  }

  /** The cipher named {@code spec}, or null when it is not one of these. */
  static LuksCipher of(String spec) {
    for (LuksCipher c : values()) {
      if (c.spec.equals(spec)) {
        return c;
      }
    }
    return null;
  }

  /** The names, for messages. */
  static List<String> names() {
    return Arrays.stream(values()).map(LuksCipher::spec).toList();
  }

  /** Why {@code keyBytes} does not fit this cipher, or null when it does. */
  String keySizeRefusal(int keyBytes) {
    return keySizes.contains(keyBytes) ? null : "key of " + keyBytes + " bytes does not fit " + spec
        + " (allowed: " + keySizes + " bytes)";
  }

  /**
   * A cipher over sectors of {@code sectorSize} with {@code key} (copied; the caller keeps and wipes
   * its array).
   *
   * @throws IllegalArgumentException when the key size does not fit
   */
  Data newCipher(byte[] key, SectorSize sectorSize) {
    String refusal = keySizeRefusal(key.length);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    return this == AES_XTS_PLAIN64 ? new Xts(key, sectorSize) : new Cbc(key, sectorSize, this == AES_CBC_ESSIV_SHA256);
  }

  /**
   * Whole sectors in, whole sectors out, in place; {@code iv} is the 512-byte unit number of the first
   * sector. Not thread-safe.
   */
  interface Data extends AutoCloseable {
    void encrypt(long iv, byte[] buffer, int offset, int length);

    void decrypt(long iv, byte[] buffer, int offset, int length);

    /** Wipes the key. */
    @Override
    void close();
  }

  /** XTS through the project's engine: its tweak is the sector number times the units per sector. */
  private static final class Xts implements Data {
    private final SectorCipher cipher;
    private final int unitsPerSector;

    Xts(byte[] key, SectorSize sectorSize) {
      XtsParameters parameters = new XtsParameters(key.length * 8, sectorSize, TweakUnit.BYTES_512);
      try (SecretKeyMaterial material = SecretKeyMaterial.copyOf(key)) {
        cipher = XtsEngines.defaultEngine().newCipher(parameters, material);
      }
      unitsPerSector = sectorSize.bytes() / 512;
    }

    @Override
    public void encrypt(long iv, byte[] buffer, int offset, int length) {
      cipher.encrypt(sector(iv), buffer, offset, length);
    }

    @Override
    public void decrypt(long iv, byte[] buffer, int offset, int length) {
      cipher.decrypt(sector(iv), buffer, offset, length);
    }

    private long sector(long iv) {
      if (iv % unitsPerSector != 0) {
        throw new IllegalArgumentException("IV " + iv + " is not on a " + unitsPerSector * 512 + "-byte sector");
      }
      return iv / unitsPerSector;
    }

    @Override
    public void close() {
      cipher.close();
    }
  }

  /** CBC per sector, the IV from the sector's first 512-byte unit (plain64, or ESSIV over it). */
  private static final class Cbc implements Data {
    private final byte[] key;
    private final int sectorBytes;
    private final Cipher essiv;
    private final Cipher cbc;

    Cbc(byte[] key, SectorSize sectorSize, boolean essivIv) {
      this.key = key.clone();
      this.sectorBytes = sectorSize.bytes();
      try {
        cbc = Cipher.getInstance("AES/CBC/NoPadding");
        if (essivIv) {
          byte[] salt = MessageDigest.getInstance("SHA-256").digest(key);
          essiv = Cipher.getInstance("AES/ECB/NoPadding");
          essiv.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(salt, "AES"));
          Arrays.fill(salt, (byte) 0);
        } else {
          essiv = null;
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CBC is missing from the JDK", e);
      }
    }

    @Override
    public void encrypt(long iv, byte[] buffer, int offset, int length) {
      run(Cipher.ENCRYPT_MODE, iv, buffer, offset, length);
    }

    @Override
    public void decrypt(long iv, byte[] buffer, int offset, int length) {
      run(Cipher.DECRYPT_MODE, iv, buffer, offset, length);
    }

    private void run(int mode, long iv, byte[] buffer, int offset, int length) {
      if (length % sectorBytes != 0) {
        throw new IllegalArgumentException("length " + length + " is not whole " + sectorBytes + "-byte sectors");
      }
      try {
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        for (int at = 0; at < length; at += sectorBytes) {
          cbc.init(mode, spec, new IvParameterSpec(iv(iv + at / 512)));
          cbc.doFinal(buffer, offset + at, sectorBytes, buffer, offset + at);
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CBC failed", e);
      }
    }

    private byte[] iv(long unit) throws GeneralSecurityException {
      byte[] iv = new byte[16];
      for (int i = 0; i < 8; i++) {
        iv[i] = (byte) (unit >>> (8 * i));
      }
      return essiv == null ? iv : essiv.doFinal(iv);
    }

    @Override
    public void close() {
      Arrays.fill(key, (byte) 0);
    }
  }
}
