package io.diskcrypt.core.block;

/**
 * A sector-addressed device: the one interface every part of a simulated data path implements.
 *
 * <p>I/O is in whole sectors. A call reads or writes {@code length / sectorSize} consecutive sectors
 * starting at {@code sector}. Encryption options are decorators of this interface inserted at the
 * place where the real system encrypts; options combine by stacking.
 *
 * <p>Contract for every implementation: a sector outside {@code [0, sectorCount)}, a length that is
 * not a positive multiple of the sector size, or a buffer range that does not fit is an
 * {@link IllegalArgumentException} naming the value and the allowed range, thrown before any byte is
 * read or written. {@link Sectors#checkAccess} does these checks.
 */
public interface BlockDevice {

  /** The size of one sector. */
  SectorSize sectorSize();

  /** The number of sectors; valid sector numbers are {@code 0 .. sectorCount() - 1}. */
  long sectorCount();

  /** Reads {@code length} bytes of whole sectors starting at {@code sector} into {@code buffer}. */
  void read(long sector, byte[] buffer, int offset, int length);

  /** Writes {@code length} bytes of whole sectors from {@code buffer} starting at {@code sector}. */
  void write(long sector, byte[] buffer, int offset, int length);

  /** Makes every completed write durable on the layers below. The default has nothing to flush. */
  default void flush() {}

  /** Reads whole sectors into all of {@code buffer}. */
  default void read(long sector, byte[] buffer) {
    read(sector, buffer, 0, buffer.length);
  }

  /** Writes all of {@code buffer} as whole sectors. */
  default void write(long sector, byte[] buffer) {
    write(sector, buffer, 0, buffer.length);
  }

  /** The capacity in bytes. */
  default long sizeBytes() {
    return sectorCount() * sectorSize().bytes();
  }
}
