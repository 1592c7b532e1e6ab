package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;

/**
 * Where this package puts things on a volume it formats. Windows spreads the three 64 KiB FVE metadata
 * areas over the volume and moves the first 8 KiB of the file system (the NTFS boot sectors) to a
 * backup location, reserving all of them as files; the readers take every offset from the metadata.
 * To give callers one contiguous data device, this package puts the reserved areas at the end:
 *
 * <pre>
 * [0, 8 KiB)                    BitLocker volume header (boot sector with -FVE-FS-), rest zeros
 * [8 KiB, backup)               data, encrypted in place (tweak = sector number)
 * [backup, backup + 8 KiB)      data bytes [0, 8 KiB), encrypted with the backup sectors' numbers
 * [end - 192 KiB, end)          FVE metadata copies 0, 1, 2 (64 KiB each)
 * </pre>
 *
 * The data device is therefore {@code [0, backup)}: dislocker and cryptsetup present the same bytes
 * there, and zeros in the reserved tail.
 *
 * @param sectorSize the volume's sector size
 * @param totalBytes the volume size
 */
record Layout(SectorSize sectorSize, long totalBytes) {
  static final int METADATA_AREA = 64 * 1024;
  static final int HEADER_REGION = 8 * 1024;
  static final long MIN_BYTES = 1024 * 1024;
  /** The reserved tail: the three metadata areas and the backup of the header region below them. */
  static final long RESERVED_BYTES = 3L * METADATA_AREA + HEADER_REGION;

  /**
   * The layout of a volume of {@code totalBytes}.
   *
   * @throws IllegalArgumentException when the size is below 1 MiB or not a multiple of 64 KiB
   */
  Layout {
    if (totalBytes < MIN_BYTES || totalBytes % METADATA_AREA != 0) {
      throw new IllegalArgumentException("BitLocker volume size " + totalBytes
          + " bytes: at least 1 MiB and a multiple of 64 KiB needed");
    }
  }

  long metadataOffset(int copy) {
    return totalBytes - (long) (3 - copy) * METADATA_AREA;
  }

  long backupOffset() {
    return totalBytes - RESERVED_BYTES;
  }
}
