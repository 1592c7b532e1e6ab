package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;

/**
 * Where {@link BitLocker#format} puts the reserved areas of a volume it formats: the three 64 KiB FVE
 * metadata copies and the backup of the first 8 KiB (the volume header sits there, so BitLocker keeps
 * the file system's first sectors elsewhere, encrypted with the backup location's sector numbers).
 *
 * <pre>
 * SPREAD (as Windows)                         END
 * [0, 8 KiB)         volume header           [0, 8 KiB)             volume header
 * ~1/3 of the volume metadata copy 0          [end - 200 KiB, ...)   backup of the first 8 KiB
 * right after it     backup of the first 8 KiB [end - 192 KiB, end)  metadata copies 0, 1, 2
 * ~4/9, ~5/9         metadata copies 1, 2
 * </pre>
 *
 * @param sectorSize the volume's sector size
 * @param totalBytes the volume size
 * @param metadataOffsets the byte offsets of the three metadata copies
 * @param backupOffset the byte offset of the backup of the first {@link #HEADER_REGION} bytes
 */
record Layout(SectorSize sectorSize, long totalBytes, long[] metadataOffsets, long backupOffset) {
  static final int METADATA_AREA = 64 * 1024;
  static final int HEADER_REGION = 8 * 1024;
  static final long MIN_BYTES = 1024 * 1024;
  /** The reserved tail of an {@link MetadataPlacement#END} volume: the metadata areas and the header backup. */
  static final long RESERVED_BYTES = 3L * METADATA_AREA + HEADER_REGION;

  /**
   * The layout of a volume of {@code totalBytes}.
   *
   * @throws IllegalArgumentException when the size is below 1 MiB or not a multiple of 64 KiB
   */
  static Layout of(MetadataPlacement placement, SectorSize sectorSize, long totalBytes) {
    if (totalBytes < MIN_BYTES || totalBytes % METADATA_AREA != 0) {
      throw new IllegalArgumentException("BitLocker volume size " + totalBytes
          + " bytes: at least 1 MiB and a multiple of 64 KiB needed");
    }
    return switch (placement) {
      case SPREAD -> {
        long first = alignedFraction(totalBytes, 1, 3);
        yield new Layout(sectorSize, totalBytes,
            new long[] {first, alignedFraction(totalBytes, 4, 9), alignedFraction(totalBytes, 5, 9)},
            first + METADATA_AREA);
      }
      case END -> new Layout(sectorSize, totalBytes,
          new long[] {totalBytes - 3L * METADATA_AREA, totalBytes - 2L * METADATA_AREA, totalBytes - METADATA_AREA},
          totalBytes - RESERVED_BYTES);
    };
  }

  /** {@code total * numerator / denominator}, rounded down to a metadata area (no overflow for any long size). */
  private static long alignedFraction(long total, long numerator, long denominator) {
    long areas = total / METADATA_AREA;
    return areas * numerator / denominator * METADATA_AREA;
  }

  long metadataOffset(int copy) {
    return metadataOffsets[copy];
  }
}
