package io.diskcrypt.core.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by every {@link BlockDevice}, size arithmetic, and runs of sectors. */
public final class Sectors {
  private Sectors() {}

  /**
   * Checks one I/O against a device's geometry.
   *
   * @return the number of sectors the I/O spans
   * @throws IllegalArgumentException naming the offending value and the allowed range
   */
  public static int checkAccess(BlockDevice device, long sector, byte[] buffer, int offset, int length) {
    return checkAccess(device.sectorSize(), device.sectorCount(), sector, buffer, offset, length);
  }

  /** As {@link #checkAccess(BlockDevice, long, byte[], int, int)}, given the geometry. */
  public static int checkAccess(
      SectorSize sectorSize, long sectorCount, long sector, byte[] buffer, int offset, int length) {
    Objects.requireNonNull(buffer, "buffer");
    int size = sectorSize.bytes();
    if (length <= 0 || length % size != 0) {
      throw new IllegalArgumentException(
          "length " + length + " is not a whole number of " + size + "-byte sectors");
    }
    if (offset < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException(
          "buffer range [" + offset + ", " + ((long) offset + length) + ") does not fit a buffer of "
              + buffer.length + " bytes");
    }
    int count = length / size;
    if (sector < 0 || sector >= sectorCount || count > sectorCount - sector) {
      throw new IllegalArgumentException(
          "sectors [" + sector + ", " + (sector + count) + ") out of range: the device has sectors [0, "
              + sectorCount + ")");
    }
    return count;
  }

  /**
   * The sector count of a device of {@code sizeBytes}.
   *
   * @throws IllegalArgumentException when the size is not a positive multiple of the sector size
   */
  public static long count(long sizeBytes, SectorSize sectorSize) {
    if (sizeBytes <= 0 || sizeBytes % sectorSize.bytes() != 0) {
      throw new IllegalArgumentException(
          "device size " + sizeBytes + " bytes is not a positive multiple of the sector size "
              + sectorSize.bytes());
    }
    return sizeBytes / sectorSize.bytes();
  }

  /**
   * {@code n} gibibytes in bytes.
   *
   * @throws IllegalArgumentException when {@code n} is negative or the bytes do not fit a {@code long}
   */
  public static long gib(long n) {
    return bytes(n, 30, "GiB");
  }

  /**
   * {@code n} mebibytes in bytes.
   *
   * @throws IllegalArgumentException when {@code n} is negative or the bytes do not fit a {@code long}
   */
  public static long mib(long n) {
    return bytes(n, 20, "MiB");
  }

  private static long bytes(long n, int shift, String unit) {
    if (n < 0 || n > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException(n + " " + unit + " is not a size in bytes: allowed are 0 to "
          + (Long.MAX_VALUE >> shift) + " " + unit);
    }
    return n << shift;
  }

  /** {@code count} consecutive sectors from {@code first}: what one I/O covers. */
  public record Run(long first, int count) {}

  /**
   * Splits ascending, distinct sector numbers (such as a medium's held sectors) into runs of
   * consecutive sectors of at most {@code maxCount} each, so that a pass over them makes one I/O per
   * run instead of one per sector.
   *
   * @throws IllegalArgumentException when {@code maxCount} is not positive
   */
  public static List<Run> runs(long[] ascending, int maxCount) {
    if (maxCount <= 0) {
      throw new IllegalArgumentException("maxCount " + maxCount + " is not positive");
    }
    List<Run> runs = new ArrayList<>();
    int i = 0;
    while (i < ascending.length) {
      int j = i + 1;
      while (j < ascending.length && j - i < maxCount && ascending[j] == ascending[j - 1] + 1) {
        j++;
      }
      runs.add(new Run(ascending[i], j - i));
      i = j;
    }
    return runs;
  }
}
