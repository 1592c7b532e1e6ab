package io.diskcrypt.core.crypto;

import io.diskcrypt.core.crypto.engines.Xts;
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
 * <p>Where the time goes, and why the code is shaped this way (figures: README, Benchmarks):
 *
 * <ul>
 *   <li>Encryption is one {@code AES/ECB/NoPadding} call per batch. HotSpot runs ECB on a pipelined
 *       intrinsic only where the processor has AVX-512 with VAES; elsewhere it goes one block at a
 *       time, and that bounds encryption.
 *   <li>Decryption is one {@code AES/CBC/NoPadding} decryption call, which HotSpot pipelines on every
 *       AES-NI processor. CBC XORs the previous input block into each output block; the last pass
 *       XORs it back out (see {@link #decryptBatch}).
 *   <li>The tweaks of a batch are expanded into an array first ({@link #expandTweaks}): block j of a
 *       sector has T0 x^j, which for the first eight is a shift with a small fold and for the others
 *       the block eight before times x^8. No block waits for the one before it, as a single chain of
 *       "times x" would make it (about 3 cycles a block).
 *   <li>The XOR passes are loops that C2 turns into 64-byte vector instructions (checked with
 *       {@code -XX:+PrintAssembly}). C2 (JDK 17) vectorises such a loop only when every array in it
 *       is indexed by the same expression: it cannot prove two arrays distinct, so an offset in one
 *       index only (a caller's offset, or block i-1 beside block i) keeps the loop scalar.
 *   <li>And the loops touch only this cipher's own buffers, never the caller's arrays: {@code
 *       System.arraycopy} moves each batch in and out. Where a loop read or wrote the caller's array
 *       directly (at offset 0), C2 kept its range checks once the loop was inlined into {@link #run}
 *       with the rest of the call, and then did not vectorise it: the whole call took 741 ns per
 *       4 KiB instead of 451 (README, Benchmarks). With its copy the first pass went from 41 to 60 ns.
 *   <li>The buffers are allocated in an order and with lengths that put their first elements 1 KiB
 *       apart modulo 4 KiB, and each loop's stores behind its loads (see the constructor): a load
 *       whose address matches a pending store's low 12 bits waits for it ("4K aliasing").
 *   <li>AES never reads and writes one array: SunJCE would copy (and allocate) for that.
 *   <li>A call that covers several sectors is done in batches of up to {@link #BATCH_BYTES}: one JCE
 *       call encrypts all the batch's first tweaks, one the batch's data.
 * </ul>
 *
 * <p>Tried and dropped, each measured against this: the fused scalar passes that stepped the tweak
 * in registers (the previous design, slower at 4 KiB); the same with four independent tweak chains
 * (slower still: the chains spill registers); a tweak expansion that C2 vectorises over {@code
 * long[]} (it needs the block's halves swapped in a second array and masks, and was no faster);
 * row leaders T0 x^(8q) stepped in registers with each row's blocks by constant shifts (a fifth
 * slower than reading the block eight before from the array); {@code AES/ECB} decryption, which is
 * as fast as CBC where HotSpot has its AVX-512 VAES intrinsic but goes one block at a time elsewhere,
 * and Java cannot tell which it runs on.
 *
 * <p>No allocation per call: every buffer is allocated once, with the cipher. The stages are
 * package-private so that {@code JavaXtsStagesBenchmark} (benchmarks module) can time each alone.
 */
final class JavaXtsCipher implements SectorCipher {
  private static final VarHandle LONGS = Xts.LONGS;
  /** Bytes per batch (one ECB or CBC call): large enough to amortise the JCE's per-call cost, small for L1/L2. */
  static final int BATCH_BYTES = 8 * 1024;
  /**
   * {@code FOLD[c]}: the carry-less product c * 0x87, what the bits c shifted out of bit 127 add
   * back (x^128 = x^7 + x^2 + x + 1).
   */
  private static final long[] FOLD = new long[256];

  static {
    for (int c = 0; c < 256; c++) {
      FOLD[c] = c ^ (c << 1) ^ (c << 2) ^ (c << 7);
    }
  }

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
  private final byte[] tweakIn;
  private final byte[] tweakOut;
  /** Every block's tweak of the batch, as the little-endian longs of the bytes that XTS XORs in. */
  private final long[] tweaks;
  /** The whitened blocks that go to AES. */
  private final byte[] whitened;
  /** What AES hands back. */
  private final byte[] aesOut;
  /**
   * Decryption: the block given to CBC before each one, at that block's offset; the first 16 bytes
   * are the last block of the previous call, CBC's chaining value.
   */
  private final byte[] previous;
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
    int batchBytes = batchSectors * unitBytes;
    this.tweakIn = new byte[batchSectors * 16];
    this.tweakOut = new byte[batchSectors * 16];
    // Arrays allocated one after another sit side by side on the heap, each element 0 sixteen bytes
    // after the previous array's end. These lengths put element 0 of tweaks, previous, whitened and
    // aesOut at 0, 1, 2 and 3 KiB modulo 4 KiB, so that no loop stores to an address less than 1 KiB
    // ahead (modulo 4 KiB) of one it loads from. Best effort: a new TLAB or a GC can move them.
    this.tweaks = new long[(batchBytes + pad(batchBytes, 2 * 1024)) / 8];
    this.whitened = new byte[batchBytes + pad(batchBytes, 1024)];
    this.aesOut = new byte[batchBytes + pad(batchBytes, 2 * 1024)];
    this.previous = new byte[batchBytes];
  }

  /**
   * The bytes to add to an array of {@code bytes} so that the element 0 of the array allocated next
   * sits {@code gap} bytes after this one's, modulo 4 KiB (array header: 16 bytes; 8-byte alignment).
   */
  private static int pad(int bytes, int gap) {
    return Math.floorMod(gap - bytes - 16, 4096);
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
    parameters.checkSectors(sector, length / sectorBytes);
    int sectors = length / sectorBytes;
    try {
      for (int first = 0; first < sectors; first += batchSectors) {
        int count = Math.min(batchSectors, sectors - first);
        int skip = first * sectorBytes;
        int bytes = count * sectorBytes;
        firstTweaks(sector + first, count);
        expandTweaks(count);
        if (encrypt) {
          encryptBatch(bytes, in, inOffset + skip, out, outOffset + skip);
        } else {
          decryptBatch(bytes, in, inOffset + skip, out, outOffset + skip);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed on a whole block multiple", e);
    }
  }

  /** Encrypts the first tweak of each sector of a batch, in one call, into {@link #tweakOut}. */
  void firstTweaks(long sector, int count) throws GeneralSecurityException {
    long tweak = parameters.tweakOf(sector);
    for (int s = 0; s < count; s++, tweak += tweakStep) {
      Xts.tweakBlock(tweak, tweakIn, 16 * s);
    }
    tweakEncrypt.update(tweakIn, 0, 16 * count, tweakOut, 0);
  }

  /**
   * Writes every block's tweak of a batch into {@link #tweaks}: block j of a sector has T0 x^j. The
   * first eight are T0 shifted by j bits with the bits shifted out folded back; each later one is the
   * block eight before times x^8, so no block waits for the one before it.
   */
  void expandTweaks(int count) {
    long[] t = tweaks;
    int unitLongs = sectorBytes / 8;
    int head = Math.min(unitLongs, 16);
    for (int s = 0; s < count; s++) {
      long lo = (long) LONGS.get(tweakOut, 16 * s);
      long hi = (long) LONGS.get(tweakOut, 16 * s + 8);
      int base = s * unitLongs;
      t[base] = lo;
      t[base + 1] = hi;
      for (int e = 2, j = 1; e < head; e += 2, j++) {
        t[base + e] = (lo << j) ^ FOLD[(int) (hi >>> (64 - j))];
        t[base + e + 1] = (hi << j) | (lo >>> (64 - j));
      }
      for (int e = base + 16, end = base + unitLongs; e < end; e += 2) {
        long l = t[e - 16];
        long h = t[e - 15];
        t[e] = (l << 8) ^ FOLD[(int) (h >>> 56)];
        t[e + 1] = (h << 8) | (l >>> 56);
      }
    }
  }

  /** E(p ^ t) ^ t: whiten into {@link #whitened}, one ECB call into {@link #aesOut}, whiten, copy out. */
  void encryptBatch(int bytes, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    whitenIn(bytes, in, inOffset);
    dataEncrypt.update(whitened, 0, bytes, aesOut, 0);
    whitenOut(bytes, out, outOffset);
  }

  /**
   * D(c ^ t) ^ t through CBC, which hands back D(x_i) ^ x_(i-1) for each block x_i it is given, with
   * x_(-1) the last block of its previous call. {@link #previous} holds x_(i-1) at block i's offset,
   * so the last pass XORs it out together with the tweak.
   */
  void decryptBatch(int bytes, byte[] in, int inOffset, byte[] out, int outOffset)
      throws GeneralSecurityException {
    whitenIn(bytes, in, inOffset);
    keepPrevious(bytes);
    dataDecrypt.update(whitened, 0, bytes, aesOut, 0);
    whitenOutUnchained(bytes, out, outOffset);
    System.arraycopy(whitened, bytes - 16, previous, 0, 16);
  }

  /** Copies each whitened block to the next block's offset in {@link #previous} (the first 16 bytes hold the chaining value). */
  void keepPrevious(int bytes) {
    System.arraycopy(whitened, 0, previous, 16, bytes - 16);
  }

  /** The caller's output = {@link #aesOut} ^ tweaks. */
  void whitenOut(int bytes, byte[] out, int outOffset) {
    xor(aesOut, tweaks, aesOut, bytes);
    System.arraycopy(aesOut, 0, out, outOffset, bytes);
  }

  /** The caller's output = {@link #aesOut} ^ tweaks ^ {@link #previous}: CBC's chaining XORed back out. */
  void whitenOutUnchained(int bytes, byte[] out, int outOffset) {
    xor(aesOut, tweaks, previous, aesOut, bytes);
    System.arraycopy(aesOut, 0, out, outOffset, bytes);
  }

  /** {@link #whitened} = the caller's input ^ tweaks. */
  void whitenIn(int bytes, byte[] in, int inOffset) {
    System.arraycopy(in, inOffset, whitened, 0, bytes);
    xor(whitened, tweaks, whitened, bytes);
  }

  /**
   * {@code to = a ^ t} over {@code bytes} (a multiple of 8), {@code t} as little-endian longs. C2
   * turns this loop into 64-byte vector instructions because every array is indexed by the same
   * expression, {@code 8 * k} bytes (see the class comment). It reads and writes longs rather than
   * bytes: C2 vectorises those too, and then the scalar loops it puts before and after the vector
   * loop (to align it, and for the rest) run at most 7 times, not up to 63 and 255 times: half the
   * time at 512 bytes. And the tweaks stay the longs they were computed as.
   */
  private static void xor(byte[] a, long[] t, byte[] to, int bytes) {
    for (int k = 0; k < bytes / 8; k++) {
      LONGS.set(to, 8 * k, (long) LONGS.get(a, 8 * k) ^ t[k]);
    }
  }

  /** {@code to = a ^ t ^ c} over {@code bytes}, vectorised as {@link #xor(byte[], long[], byte[], int)}. */
  private static void xor(byte[] a, long[] t, byte[] c, byte[] to, int bytes) {
    for (int k = 0; k < bytes / 8; k++) {
      LONGS.set(to, 8 * k, (long) LONGS.get(a, 8 * k) ^ t[k] ^ (long) LONGS.get(c, 8 * k));
    }
  }

  /**
   * Drops the ciphers and wipes this object's buffers. The JDK keeps its own expanded AES key
   * schedule inside each {@link Cipher}, which no public API can wipe; it goes with the cipher.
   */
  @Override
  public void close() {
    closed = true;
    for (byte[] buffer : new byte[][] {tweakIn, tweakOut, whitened, aesOut, previous}) {
      Arrays.fill(buffer, (byte) 0);
    }
    Arrays.fill(tweaks, 0L);
  }

  @Override
  public String toString() {
    return "JavaXtsCipher[" + parameters + "]";
  }
}
