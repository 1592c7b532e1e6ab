package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC as BitLocker applies it to a sector, with or without the Elephant diffuser (Ferguson, "AES-CBC
 * + Elephant diffuser", 2006; the libbde format description; dislocker and cryptsetup read it the same
 * way).
 *
 * <ul>
 *   <li>IV = AES-ECB under the FVEK of the sector's byte offset in the volume as a 16-byte little-endian
 *       number (cryptsetup's {@code eboiv}).
 *   <li>Elephant, encrypting: XOR with the 32-byte sector key repeated (AES-ECB under the tweak key of the
 *       same offset block, then of that block with its last byte set to 0x80), diffuser A, diffuser B,
 *       then CBC. Decrypting runs the inverse steps backwards.
 * </ul>
 */
final class CbcCipher implements VolumeCipher {
  /** Diffuser A: five passes, rotations by i mod 4; diffuser B: three passes. */
  private static final int A_CYCLES = 5;
  private static final int B_CYCLES = 3;
  private static final int[] RA = {9, 0, 13, 0};
  private static final int[] RB = {0, 10, 0, 25};

  private final int sectorBytes;
  private final boolean elephant;
  private final SecretKeySpec dataKey;
  private final Cipher ivCipher;
  private final Cipher cbcEncrypt;
  private final Cipher cbcDecrypt;
  private final Cipher sectorKeyCipher;
  private final byte[] block = new byte[16];
  private final byte[] iv = new byte[16];
  private final byte[] sectorKey = new byte[32];
  private final int[] words;
  private boolean closed;

  CbcCipher(EncryptionMethod method, SectorSize sectorSize, SecretKeyMaterial fvek) {
    if (method.xts() || fvek.length() != method.keyBytes()) {
      throw new IllegalArgumentException(method + " takes " + method.keyBytes() + " bytes of FVEK key data, not "
          + fvek.length() + (method.xts() ? " (and is not AES-CBC)" : ""));
    }
    this.sectorBytes = sectorSize.bytes();
    this.elephant = method.elephant();
    int aesBytes = method.aesBits() / 8;
    byte[] key = fvek.copyBytes(0, aesBytes);
    byte[] tweak = elephant ? fvek.copyBytes(32, aesBytes) : null;
    try {
      dataKey = new SecretKeySpec(key, "AES");
      ivCipher = Cipher.getInstance("AES/ECB/NoPadding");
      ivCipher.init(Cipher.ENCRYPT_MODE, dataKey);
      cbcEncrypt = Cipher.getInstance("AES/CBC/NoPadding");
      cbcDecrypt = Cipher.getInstance("AES/CBC/NoPadding");
      if (elephant) {
        sectorKeyCipher = Cipher.getInstance("AES/ECB/NoPadding");
        sectorKeyCipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(tweak, "AES"));
      } else {
        sectorKeyCipher = null;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is missing from this JDK", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      if (tweak != null) {
        Arrays.fill(tweak, (byte) 0);
      }
    }
    words = new int[sectorBytes / 4];
  }

  @Override
  public void encrypt(long sector, byte[] buffer, int offset, int length) {
    check(buffer, offset, length);
    for (int at = offset; at < offset + length; at += sectorBytes, sector++) {
      long byteOffset = sector * sectorBytes;
      if (elephant) {
        xorSectorKey(byteOffset, buffer, at);
        diffuserAEncrypt(buffer, at);
        diffuserBEncrypt(buffer, at);
      }
      cbc(cbcEncrypt, Cipher.ENCRYPT_MODE, byteOffset, buffer, at);
    }
  }

  @Override
  public void decrypt(long sector, byte[] buffer, int offset, int length) {
    check(buffer, offset, length);
    for (int at = offset; at < offset + length; at += sectorBytes, sector++) {
      long byteOffset = sector * sectorBytes;
      cbc(cbcDecrypt, Cipher.DECRYPT_MODE, byteOffset, buffer, at);
      if (elephant) {
        diffuserBDecrypt(buffer, at);
        diffuserADecrypt(buffer, at);
        xorSectorKey(byteOffset, buffer, at);
      }
    }
  }

  private void check(byte[] buffer, int offset, int length) {
    if (closed) {
      throw new IllegalStateException("the AES-CBC cipher was closed");
    }
    if (length <= 0 || length % sectorBytes != 0 || offset < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException("length " + length + " at offset " + offset + " is not whole "
          + sectorBytes + "-byte sectors inside a buffer of " + buffer.length + " bytes");
    }
  }

  /** The 16-byte little-endian form of a byte offset, with {@code top} as its last byte. */
  private void offsetBlock(long byteOffset, byte top) {
    Arrays.fill(block, (byte) 0);
    Le.put64(block, 0, byteOffset);
    block[15] = top;
  }

  private void cbc(Cipher cipher, int mode, long byteOffset, byte[] buffer, int at) {
    try {
      offsetBlock(byteOffset, (byte) 0);
      ivCipher.doFinal(block, 0, 16, iv, 0);
      cipher.init(mode, dataKey, new IvParameterSpec(iv));
      cipher.doFinal(buffer, at, sectorBytes, buffer, at);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC failed on a whole sector", e);
    }
  }

  private void xorSectorKey(long byteOffset, byte[] buffer, int at) {
    try {
      offsetBlock(byteOffset, (byte) 0);
      sectorKeyCipher.doFinal(block, 0, 16, sectorKey, 0);
      offsetBlock(byteOffset, (byte) 0x80);
      sectorKeyCipher.doFinal(block, 0, 16, sectorKey, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB failed on one block", e);
    }
    for (int i = 0; i < sectorBytes; i++) {
      buffer[at + i] ^= sectorKey[i & 31];
    }
  }

  // Diffuser A mixes each 32-bit little-endian word d[i] with d[i-2] and d[i-5] rotated (indices mod n);
  // diffuser B with d[i+2] and d[i+5]. Decryption adds the mix walking up; encryption subtracts it walking down.

  private void diffuserADecrypt(byte[] buffer, int at) {
    load(buffer, at);
    int n = words.length;
    for (int cycle = 0; cycle < A_CYCLES; cycle++) {
      for (int i = 0; i < n; i++) {
        words[i] += words[(i - 2 + n) % n] ^ Integer.rotateLeft(words[(i - 5 + n) % n], RA[i & 3]);
      }
    }
    store(buffer, at);
  }

  private void diffuserAEncrypt(byte[] buffer, int at) {
    load(buffer, at);
    int n = words.length;
    for (int cycle = 0; cycle < A_CYCLES; cycle++) {
      for (int i = n - 1; i >= 0; i--) {
        words[i] -= words[(i - 2 + n) % n] ^ Integer.rotateLeft(words[(i - 5 + n) % n], RA[i & 3]);
      }
    }
    store(buffer, at);
  }

  private void diffuserBDecrypt(byte[] buffer, int at) {
    load(buffer, at);
    int n = words.length;
    for (int cycle = 0; cycle < B_CYCLES; cycle++) {
      for (int i = 0; i < n; i++) {
        words[i] += words[(i + 2) % n] ^ Integer.rotateLeft(words[(i + 5) % n], RB[i & 3]);
      }
    }
    store(buffer, at);
  }

  private void diffuserBEncrypt(byte[] buffer, int at) {
    load(buffer, at);
    int n = words.length;
    for (int cycle = 0; cycle < B_CYCLES; cycle++) {
      for (int i = n - 1; i >= 0; i--) {
        words[i] -= words[(i + 2) % n] ^ Integer.rotateLeft(words[(i + 5) % n], RB[i & 3]);
      }
    }
    store(buffer, at);
  }

  private void load(byte[] buffer, int at) {
    for (int i = 0; i < words.length; i++) {
      words[i] = (int) Le.u32(buffer, at + 4 * i);
    }
  }

  private void store(byte[] buffer, int at) {
    for (int i = 0; i < words.length; i++) {
      Le.put32(buffer, at + 4 * i, words[i] & 0xffffffffL);
    }
  }

  /**
   * Drops the cipher objects' keys as far as the JDK allows (a {@link SecretKeySpec} cannot be wiped; the
   * scratch state can) and refuses later calls.
   */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(block, (byte) 0);
    Arrays.fill(iv, (byte) 0);
    Arrays.fill(sectorKey, (byte) 0);
    Arrays.fill(words, 0);
  }
}
