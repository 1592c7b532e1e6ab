package io.diskcrypt.core.crypto;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.CpuAccount;
import java.util.Arrays;
import java.util.Objects;

/**
 * A layer that encrypts every sector written through it and decrypts every sector read, and charges
 * the time and bytes of that crypto work to the account of the component it runs on.
 *
 * <p>Writes never change the caller's buffer: they encrypt into a scratch buffer that is reused, so
 * there is no allocation per I/O once the largest I/O size has been seen. Time is taken with {@link
 * System#nanoTime()} around the cipher call, once per I/O: on the calling thread, for CPU-bound work,
 * that is the CPU time, at a fraction of the cost of reading the thread CPU clock.
 *
 * <p>A layer of the platform (the storage cluster's, the host's) reads sectors never written as
 * zeros, as Azure does for never-written ranges of a managed disk: below it such a sector is all zeros,
 * which a real write leaves with probability 2<sup>-4096</sup> per sector, so an all-zero sector below
 * is taken as unwritten and passed up undecrypted. A guest layer (dm-crypt, BitLocker) decrypts them
 * to noise, as the real ones do.
 *
 * <p>{@link #evictKey()} models a component dropping its copy of the key (a revoked customer key):
 * the cipher is closed and every later I/O fails with {@link DeviceUnavailableException}.
 */
public final class EncryptionLayer extends BlockDeviceDecorator {
  private static final byte[] ZEROS = new byte[SectorSize.S4096.bytes()];
  private final SectorCipher cipher;
  private final CpuAccount payer;
  private final String keyDescription;
  private final boolean unwrittenReadsAsZeros;
  private byte[] scratch = new byte[0];
  private boolean evicted;

  /**
   * A layer over {@code below}.
   *
   * @param cipher the cipher; this layer owns it from now on and closes it on eviction
   * @param payer the account of the component doing the crypto
   * @param keyDescription who holds the key, for error messages and explanations (never key bytes)
   * @throws IllegalArgumentException when the cipher's sector size differs from the device's
   */
  public EncryptionLayer(BlockDevice below, SectorCipher cipher, CpuAccount payer, String keyDescription) {
    this(below, cipher, payer, keyDescription, false);
  }

  /**
   * A layer over {@code below} that, when {@code unwrittenReadsAsZeros}, reads a sector that is all
   * zeros below (never written) as zeros: a layer of the platform, not of the guest.
   *
   * @throws IllegalArgumentException when the cipher's sector size differs from the device's
   */
  public EncryptionLayer(BlockDevice below, SectorCipher cipher, CpuAccount payer, String keyDescription,
      boolean unwrittenReadsAsZeros) {
    super(below);
    this.unwrittenReadsAsZeros = unwrittenReadsAsZeros;
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.payer = Objects.requireNonNull(payer, "payer");
    this.keyDescription = Objects.requireNonNull(keyDescription, "keyDescription");
    if (cipher.parameters().sectorSize() != below.sectorSize()) {
      throw new IllegalArgumentException(
          "cipher sector size " + cipher.parameters().sectorSize() + " differs from the device's "
              + below.sectorSize());
    }
  }

  @Override
  public synchronized void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    below.read(sector, buffer, offset, length);
    if (!unwrittenReadsAsZeros) {
      long start = System.nanoTime();
      cipher.decrypt(sector, buffer, offset, length);
      payer.charge(System.nanoTime() - start, length);
      return;
    }
    // Decrypt each run of written sectors; the unwritten ones between them stay zeros.
    int size = below.sectorSize().bytes();
    int run = 0;
    for (int at = 0; at <= length; at += size) {
      if (at < length && !isZero(buffer, offset + at, size)) {
        run += size;
      } else if (run > 0) {
        int runStart = at - run;
        long start = System.nanoTime();
        cipher.decrypt(sector + runStart / size, buffer, offset + runStart, run);
        payer.charge(System.nanoTime() - start, run);
        run = 0;
      }
    }
  }

  private static boolean isZero(byte[] buffer, int from, int length) {
    return Arrays.mismatch(buffer, from, from + length, ZEROS, 0, length) < 0;
  }

  @Override
  public synchronized void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    if (scratch.length < length) {
      scratch = new byte[length];
    }
    long start = System.nanoTime();
    cipher.encrypt(sector, buffer, offset, scratch, 0, length);
    payer.charge(System.nanoTime() - start, length);
    below.write(sector, scratch, 0, length);
  }

  /** Who holds the key of this layer, in words. */
  public String keyDescription() {
    return keyDescription;
  }

  /** The account this layer charges. */
  public CpuAccount payer() {
    return payer;
  }

  /** The cipher's parameters. */
  public XtsParameters parameters() {
    return cipher.parameters();
  }

  /** Drops the key: the cipher is closed and later I/O fails, naming the key. */
  public synchronized void evictKey() {
    if (!evicted) {
      evicted = true;
      cipher.close();
      Arrays.fill(scratch, (byte) 0);
    }
  }

  /** True once {@link #evictKey()} ran. */
  public synchronized boolean keyEvicted() {
    return evicted;
  }

  private void checkKey() {
    if (evicted) {
      throw new DeviceUnavailableException("the key is no longer available to this layer: " + keyDescription);
    }
  }

  @Override
  public String toString() {
    return "EncryptionLayer[" + cipher.parameters() + ", key: " + keyDescription + ", paid by " + payer.name() + "]";
  }
}
