package io.diskcrypt.core.crypto;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.CpuAccount;
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
 * <p>{@link #evictKey()} models a component dropping its copy of the key (a revoked customer key):
 * the cipher is closed and every later I/O fails with {@link DeviceUnavailableException}.
 */
public final class EncryptionLayer extends BlockDeviceDecorator {
  private final SectorCipher cipher;
  private final CpuAccount payer;
  private final String keyDescription;
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
    super(below);
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
    long start = System.nanoTime();
    cipher.decrypt(sector, buffer, offset, length);
    payer.charge(System.nanoTime() - start, length);
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
      java.util.Arrays.fill(scratch, (byte) 0);
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
