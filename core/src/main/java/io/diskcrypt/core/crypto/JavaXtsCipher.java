package io.diskcrypt.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-XTS (IEEE 1619) in Java over the JDK's AES: one JCE call per batch of whole sectors for the
 * data, which the JDK runs on the processor's AES instructions, with the tweak sequence and the XOR
 * passes done here. Not one JCE call per 16-byte block: that is ten times slower.
 *
 * <p>Where the time goes, and why the code is shaped this way:
 *
 * <ul>
 *   <li>Encryption is one {@code AES/ECB/NoPadding} call. HotSpot (17 and 25) runs ECB on a
 *       pipelined intrinsic only where the processor has AVX-512 (about 28 GB/s); on an AVX2-only
 *       processor it goes one block at a time (about 2 GB/s, measured on an AMD EPYC here), and that
 *       bounds encryption.
 *   <li>Decryption is one {@code AES/CBC/NoPadding} decryption call, which HotSpot pipelines on every
 *       AES-NI processor (about 5 GB/s here). CBC XORs the previous input block into each output
 *       block; the last pass XORs it back out (see {@link #decryptBatch}).
 *   <li>The tweaks of a batch are expanded once into {@link #tweakBytes}, laid out like the data, so
 *       that the XOR passes are {@code byte[]} loops over arrays at offset 0 with two arrays each:
 *       those are what C2's superword pass vectorises (measured: with a caller's offset, or with
 *       three arrays in one loop, the same loop stays scalar and is 10 to 20 times slower). Hence
 *       the input and output go through scratch buffers by {@link System#arraycopy}; that also avoids
 *       SunJCE's copy of its input when input and output are the same array (garbage per sector).
 *   <li>A call that covers several sectors is done in batches of up to {@link #BATCH_BYTES}: one JCE
 *       call encrypts all the batch's first tweaks, one the batch's data.
 * </ul>
 *
 * <p>No allocation per call: every buffer is allocated once, with the cipher.
 */
final class JavaXtsCipher implements SectorCipher {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Bytes per batch (one ECB or CBC call): large enough to amortise the JCE's per-call cost, small for L1/L2. */
  static final int BATCH_BYTES = 8 * 1024;
  /** x^128 = x^7 + x^2 + x + 1: a bit shifted out of bit 127 comes back as 0x87. */
  private static final long GF_128_FEEDBACK = 0x87;

  private final XtsParameters parameters;
  private final int sectorBytes;
  private final int batchSectors;
  private final Cipher dataEncrypt;
  private final Cipher dataDecrypt;
  private final Cipher tweakEncrypt;
  private final byte[] scratch;
  private final byte[] result;
  private final byte[] previous;
  private final byte[] tweakBytes;
  private final byte[] tweakIn;
  private final byte[] tweakOut;
  /** The last block given to {@link #dataDecrypt}: CBC's chaining value for its next call. */
  private final byte[] chain = new byte[16];
  private boolean closed;

  JavaXtsCipher(XtsParameters parameters, SecretKeyMaterial key) {
    this(parameters, key, parameters.sectorSize().bytes());
  }

  /**
   * A cipher whose data unit is {@code unitBytes} instead of the sector size: only for the IEEE 1619
   * known answers, some of which use 32-byte data units. The tweak is then the unit number itself.
   */
  JavaXtsCipher(XtsParameters parameters, SecretKeyMaterial key, int unitBytes) {
    if (unitBytes <= 0 || unitBytes % 16 != 0) {
      throw new IllegalArgumentException("data unit must be a positive multiple of 16 bytes: " + unitBytes);
    }
    this.parameters = parameters;
    this.sectorBytes = unitBytes;
    XtsKeys.check(parameters, key);
    int half = parameters.keyBytes() / 2;
    byte[] dataKey = key.copyBytes(0, half);
    byte[] tweakKey = key.copyBytes(half, half);
    try {
      dataEncrypt = aes(Cipher.ENCRYPT_MODE, dataKey);
      dataDecrypt = aesCbcDecrypt(dataKey);
      tweakEncrypt = aes(Cipher.ENCRYPT_MODE, tweakKey);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      Arrays.fill(tweakKey, (byte) 0);
    }
    this.batchSectors = Math.max(1, BATCH_BYTES / unitBytes);
    this.scratch = new byte[batchSectors * unitBytes];
    this.result = new byte[batchSectors * unitBytes];
    this.previous = new byte[batchSectors * unitBytes];
    this.tweakBytes = new byte[batchSectors * unitBytes];
    this.tweakIn = new byte[batchSectors * 16];
    this.tweakOut = new byte[batchSectors * 16];
  }

  /**
   * AES decryption through CBC: HotSpot runs CBC decryption several blocks at a time on every AES-NI
   * processor, whereas its ECB is one block at a time unless the processor has AVX-512 (figures in
   * the class comment). CBC XORs the previous input block
   * into each output block; {@link #decryptBatch} XORs it back out in the same pass as the tweak.
   */
  private static Cipher aesCbcDecrypt(byte[] key) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no usable AES/CBC/NoPadding", e);
    }
  }

  private static Cipher aes(int mode, byte[] key) {
    try {
      Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no usable AES/ECB/NoPadding", e);
    }
  }

  @Override
  public XtsParameters parameters() {
    return parameters;
  }

  @Override
  public void encrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    run(true, sector, in, inOffset, out, outOffset, length);
  }

  @Override
  public void decrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    run(false, sector, in, inOffset, out, outOffset, length);
  }

  private void run(boolean encrypt, long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    if (closed) {
      throw new IllegalStateException("the XTS cipher was closed");
    }
    XtsKeys.checkRange(sectorBytes, in, inOffset, out, outOffset, length);
    int sectors = length / sectorBytes;
    try {
      for (int first = 0; first < sectors; first += batchSectors) {
        int count = Math.min(batchSectors, sectors - first);
        int skip = first * sectorBytes;
        tweaks(sector + first, count);
        if (encrypt) {
          encryptBatch(count * sectorBytes, in, inOffset + skip, out, outOffset + skip);
        } else {
          decryptBatch(count * sectorBytes, in, inOffset + skip, out, outOffset + skip);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed on a whole block multiple", e);
    }
  }

  /** Encrypts the first tweak of each sector of a batch in one call and expands the rest. */
  private void tweaks(long sector, int count) throws GeneralSecurityException {
    for (int s = 0; s < count; s++) {
      LONGS.set(tweakIn, 16 * s, parameters.tweakOf(sector + s));
      LONGS.set(tweakIn, 16 * s + 8, 0L);
    }
    tweakEncrypt.update(tweakIn, 0, 16 * count, tweakOut, 0);
    for (int s = 0; s < count; s++) {
      expandTweaks((long) LONGS.get(tweakOut, 16 * s), (long) LONGS.get(tweakOut, 16 * s + 8), s * sectorBytes);
    }
  }

  private void encryptBatch(int bytes, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    byte[] tweaks = tweakBytes;
    byte[] buffer = scratch;
    byte[] aesOut = result;
    System.arraycopy(in, inOffset, buffer, 0, bytes);
    for (int i = 0; i < bytes; i++) {
      buffer[i] ^= tweaks[i];
    }
    dataEncrypt.update(buffer, 0, bytes, aesOut, 0);
    for (int i = 0; i < bytes; i++) {
      aesOut[i] ^= tweaks[i];
    }
    System.arraycopy(aesOut, 0, out, outOffset, bytes);
  }

  /**
   * Decrypts through CBC: block i comes out as D(c_i) ^ c_(i-1), where c is what went in and c_(-1)
   * is the last block of the previous call (CBC's chaining value, kept in {@link #chain}); {@link
   * #previous} holds c shifted by one block, so that the last pass XORs in the tweak and c_(i-1).
   */
  private void decryptBatch(int bytes, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    byte[] tweaks = tweakBytes;
    byte[] buffer = scratch;
    byte[] aesOut = result;
    byte[] shifted = previous;
    System.arraycopy(in, inOffset, buffer, 0, bytes);
    for (int i = 0; i < bytes; i++) {
      buffer[i] ^= tweaks[i];
    }
    System.arraycopy(chain, 0, shifted, 0, 16);
    System.arraycopy(buffer, 0, shifted, 16, bytes - 16);
    System.arraycopy(buffer, bytes - 16, chain, 0, 16);
    dataDecrypt.update(buffer, 0, bytes, aesOut, 0);
    // Two passes of two arrays each: C2 (JDK 17 and 25) vectorises these, but not one pass over three.
    for (int i = 0; i < bytes; i++) {
      aesOut[i] ^= tweaks[i];
    }
    for (int i = 0; i < bytes; i++) {
      aesOut[i] ^= shifted[i];
    }
    System.arraycopy(aesOut, 0, out, outOffset, bytes);
  }

  /**
   * Writes the tweaks of one data unit, T, T*x, T*x^2, ..., little-endian, into {@link #tweakBytes}
   * from {@code at}. Measured here, this loop is bound by its stores (~1 ns per block whether one
   * chain or two or four run side by side, or each tweak is derived from the one 8 blocks earlier),
   * so it stays the plain chain.
   */
  private void expandTweaks(long lo, long hi, int at) {
    byte[] tweaks = tweakBytes;
    for (int b = at; b < at + sectorBytes; b += 16) {
      LONGS.set(tweaks, b, lo);
      LONGS.set(tweaks, b + 8, hi);
      // Multiply by x in GF(2^128), little-endian: shift left, fold bit 127 back as 0x87.
      long feedback = (hi >> 63) & GF_128_FEEDBACK;
      hi = (hi << 1) | (lo >>> 63);
      lo = (lo << 1) ^ feedback;
    }
  }

  /**
   * Drops the ciphers and wipes this object's buffers. The JDK keeps its own expanded AES key
   * schedule inside each {@link Cipher}, which no public API can wipe; it goes with the cipher.
   */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(scratch, (byte) 0);
    Arrays.fill(result, (byte) 0);
    Arrays.fill(previous, (byte) 0);
    Arrays.fill(tweakBytes, (byte) 0);
    Arrays.fill(tweakIn, (byte) 0);
    Arrays.fill(tweakOut, (byte) 0);
    Arrays.fill(chain, (byte) 0);
  }

  @Override
  public String toString() {
    return "JavaXtsCipher[" + parameters + "]";
  }
}
