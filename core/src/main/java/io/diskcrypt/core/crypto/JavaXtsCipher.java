package io.diskcrypt.core.crypto;

import java.lang.invoke.VarHandle;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-XTS (IEEE 1619) in Java over the JDK's AES: the JDK runs AES on the processor's AES
 * instructions, one JCE call per batch of whole sectors; the tweaks and the XOR passes are done here.
 * Not one JCE call per 16-byte block: that is ten times slower.
 *
 * <p>Where the time goes, and why the code is shaped this way:
 *
 * <ul>
 *   <li>Encryption is one {@code AES/ECB/NoPadding} call. HotSpot (17 and 25) runs ECB on a
 *       pipelined intrinsic only where the processor has AVX-512 (about 28 GB/s); on an AVX2-only
 *       processor it goes one block at a time (about 1.7 GB/s on the AMD EPYC here), and that bounds
 *       encryption.
 *   <li>Decryption is one {@code AES/CBC/NoPadding} decryption call, which HotSpot pipelines on every
 *       AES-NI processor (about 5.5 GB/s here). CBC XORs the previous input block into each output
 *       block; the last pass XORs it back out (see {@link #decryptBatch}).
 *   <li>Around the AES call are two passes, each fused: read, XOR with the tweak, write, and step the
 *       tweak (times x in GF(2^128)) in registers, about 2.5 ns per block here. Expanding the tweaks
 *       into an array and XORing with loops that C2 vectorises measured about as fast at 4 KiB and
 *       slower at 512 bytes, needed four buffers instead of one, and depended on C2 vectorising (it
 *       does not when the caller's offset is not 0: such a loop runs about 6 times slower).
 *   <li>AES reads the whitened batch from {@link #buffer} and writes straight into the caller's
 *       array, so the input is never copied by SunJCE (which copies when input and output are one
 *       array) and the output is never copied by us.
 *   <li>A call that covers several sectors is done in batches of up to {@link #BATCH_BYTES}: one JCE
 *       call encrypts all the batch's first tweaks, one the batch's data.
 * </ul>
 *
 * <p>No allocation per call: every buffer is allocated once, with the cipher.
 */
final class JavaXtsCipher implements SectorCipher {
  private static final VarHandle LONGS = Xts.LONGS;
  /** Bytes per batch (one ECB or CBC call): large enough to amortise the JCE's per-call cost, small for L1/L2. */
  static final int BATCH_BYTES = 8 * 1024;

  private final XtsParameters parameters;
  private final int sectorBytes;
  private final int batchSectors;
  /**
   * How much the tweak grows from one data unit to the next: {@link XtsParameters#tweakOf} is linear
   * ({@code tweakOf(n + s) == tweakOf(n) + s * tweakOf(1)}, in wrapping long arithmetic too).
   */
  private final long tweakStep;
  private final Cipher dataEncrypt;
  private final Cipher dataDecrypt;
  private final Cipher tweakEncrypt;
  /** The whitened blocks that go to AES: kept whole, because decryption XORs each one out of the next. */
  private final byte[] buffer;
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
    this.tweakStep = parameters.tweakOf(1);
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
    this.buffer = new byte[batchSectors * unitBytes];
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
        firstTweaks(sector + first, count);
        if (encrypt) {
          encryptBatch(count, in, inOffset + skip, out, outOffset + skip);
        } else {
          decryptBatch(count, in, inOffset + skip, out, outOffset + skip);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed on a whole block multiple", e);
    }
  }

  /** Encrypts the first tweak of each sector of a batch, in one call, into {@link #tweakOut}. */
  private void firstTweaks(long sector, int count) throws GeneralSecurityException {
    long tweak = parameters.tweakOf(sector);
    for (int s = 0; s < count; s++, tweak += tweakStep) {
      Xts.tweakBlock(tweak, tweakIn, 16 * s);
    }
    tweakEncrypt.update(tweakIn, 0, 16 * count, tweakOut, 0);
  }

  /** E(p ^ t) ^ t: one pass in, one ECB call from {@link #buffer} into the caller's array, one pass there. */
  private void encryptBatch(int count, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    whiten(count, in, inOffset, buffer, 0);
    dataEncrypt.update(buffer, 0, count * sectorBytes, out, outOffset);
    whiten(count, out, outOffset, out, outOffset);
  }

  /**
   * D(c ^ t) ^ t through CBC, which hands back D(x_i) ^ x_(i-1) for each block x_i it is given, with
   * x_(-1) the last block of its previous call ({@link #chain}). The block before each one is still
   * in {@link #buffer}, so the last pass XORs it out together with the tweak.
   */
  private void decryptBatch(int count, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    int bytes = count * sectorBytes;
    whiten(count, in, inOffset, buffer, 0);
    dataDecrypt.update(buffer, 0, bytes, out, outOffset);
    unchainAndWhiten(count, out, outOffset);
    System.arraycopy(buffer, bytes - 16, chain, 0, 16);
  }

  /** {@code to = from ^ tweak}, block by block, for {@code count} sectors; the two may be one range. */
  private void whiten(int count, byte[] from, int fromOffset, byte[] to, int toOffset) {
    for (int s = 0; s < count; s++) {
      long lo = (long) LONGS.get(tweakOut, 16 * s);
      long hi = (long) LONGS.get(tweakOut, 16 * s + 8);
      int f = fromOffset + s * sectorBytes;
      int t = toOffset + s * sectorBytes;
      for (int b = 0; b < sectorBytes; b += 16) {
        LONGS.set(to, t + b, (long) LONGS.get(from, f + b) ^ lo);
        LONGS.set(to, t + b + 8, (long) LONGS.get(from, f + b + 8) ^ hi);
        // Multiply by x in GF(2^128), little-endian: shift left, fold bit 127 back as 0x87.
        long feedback = (hi >> 63) & Xts.FEEDBACK;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ feedback;
      }
    }
  }

  /** {@code out ^= tweak ^ previous block given to CBC}, for the {@code count} sectors of a batch. */
  private void unchainAndWhiten(int count, byte[] out, int outOffset) {
    byte[] given = buffer;
    long prevLo = (long) LONGS.get(chain, 0);
    long prevHi = (long) LONGS.get(chain, 8);
    for (int s = 0; s < count; s++) {
      long lo = (long) LONGS.get(tweakOut, 16 * s);
      long hi = (long) LONGS.get(tweakOut, 16 * s + 8);
      int g = s * sectorBytes;
      int o = outOffset + g;
      for (int b = 0; b < sectorBytes; b += 16) {
        LONGS.set(out, o + b, (long) LONGS.get(out, o + b) ^ lo ^ prevLo);
        LONGS.set(out, o + b + 8, (long) LONGS.get(out, o + b + 8) ^ hi ^ prevHi);
        prevLo = (long) LONGS.get(given, g + b);
        prevHi = (long) LONGS.get(given, g + b + 8);
        long feedback = (hi >> 63) & Xts.FEEDBACK;
        hi = (hi << 1) | (lo >>> 63);
        lo = (lo << 1) ^ feedback;
      }
    }
  }

  /**
   * Drops the ciphers and wipes this object's buffers. The JDK keeps its own expanded AES key
   * schedule inside each {@link Cipher}, which no public API can wipe; it goes with the cipher.
   */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(buffer, (byte) 0);
    Arrays.fill(tweakIn, (byte) 0);
    Arrays.fill(tweakOut, (byte) 0);
    Arrays.fill(chain, (byte) 0);
  }

  @Override
  public String toString() {
    return "JavaXtsCipher[" + parameters + "]";
  }
}
