package io.diskcrypt.core.block;

/**
 * The sector sizes a simulated disk supports: 512 bytes (512n/512e) and 4096 bytes (4Kn).
 */
public enum SectorSize {
  /** 512-byte sectors. */
  S512(512),
  /** 4096-byte sectors. */
  S4096(4096);

  private final int bytes;

  SectorSize(int bytes) {
    this.bytes = bytes;
  }

  /** The sector size in bytes. */
  public int bytes() {
    return bytes;
  }

  /**
   * The sector size with the given byte count.
   *
   * @throws IllegalArgumentException naming the value when it is neither 512 nor 4096
   */
  public static SectorSize ofBytes(long bytes) {
    if (bytes == 512) {
      return S512;
    }
    if (bytes == 4096) {
      return S4096;
    }
    throw new IllegalArgumentException("unsupported sector size " + bytes + " bytes: allowed are 512 and 4096");
  }

  @Override
  public String toString() {
    return bytes + " B";
  }
}
