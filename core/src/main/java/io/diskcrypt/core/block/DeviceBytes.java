package io.diskcrypt.core.block;

import java.util.Arrays;

/**
 * Byte-addressed reads and writes on a sector device, for headers, journals and command-line offsets
 * that do not fall on sector boundaries: unaligned edges are read, merged and written back.
 */
public final class DeviceBytes {
  private DeviceBytes() {}

  /**
   * {@code length} bytes at byte {@code offset}.
   *
   * @throws IllegalArgumentException naming the range when it does not fit the device
   */
  public static byte[] read(BlockDevice device, long offset, int length) {
    checkRange(device, offset, length);
    if (length == 0) {
      return new byte[0];
    }
    int ss = device.sectorSize().bytes();
    if (aligned(offset, length, ss)) {
      byte[] out = new byte[length];
      device.read(offset / ss, out);
      return out;
    }
    Covering covering = readCovering(device, offset, length);
    return Arrays.copyOfRange(covering.sectors(), covering.at(), covering.at() + length);
  }

  /**
   * Writes {@code data} at byte {@code offset}, keeping the other bytes of the first and last sector.
   *
   * <p>Atomic per sector with respect to every other write through this class on the same device
   * object: the write holds the device's monitor, so the read-modify-write of an unaligned edge
   * cannot interleave with another writer's and lose its bytes. (A write that bypasses this class,
   * straight to {@link BlockDevice#write}, is not ordered against it; {@code synchronized} methods
   * of the device itself are.)
   *
   * @throws IllegalArgumentException naming the range when it does not fit the device
   */
  public static void write(BlockDevice device, long offset, byte[] data) {
    checkRange(device, offset, data.length);
    if (data.length == 0) {
      return;
    }
    int ss = device.sectorSize().bytes();
    synchronized (device) {
      if (aligned(offset, data.length, ss)) {
        device.write(offset / ss, data);
        return;
      }
      Covering covering = readCovering(device, offset, data.length);
      System.arraycopy(data, 0, covering.sectors(), covering.at(), data.length);
      device.write(covering.first(), covering.sectors());
    }
  }

  /** The sectors from {@code first} that cover a byte range, and where the range starts in them. */
  private record Covering(long first, byte[] sectors, int at) {}

  /** Reads the whole sectors that cover {@code [offset, offset + length)}; {@code length} is positive. */
  private static Covering readCovering(BlockDevice device, long offset, int length) {
    int ss = device.sectorSize().bytes();
    long first = offset / ss;
    long end = (offset + length + ss - 1) / ss;
    byte[] sectors = new byte[Math.toIntExact((end - first) * ss)];
    device.read(first, sectors);
    return new Covering(first, sectors, (int) (offset - first * ss));
  }

  private static boolean aligned(long offset, int length, int sectorBytes) {
    return offset % sectorBytes == 0 && length % sectorBytes == 0;
  }

  /**
   * Checks that {@code length} bytes at byte {@code offset} fit the device, without overflowing.
   *
   * @throws IllegalArgumentException naming the range and the device's size when they do not
   */
  public static void checkRange(BlockDevice device, long offset, long length) {
    long size = device.sizeBytes();
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      String end = length < 0 || offset > Long.MAX_VALUE - length ? offset + " + " + length : Long.toString(offset + length);
      throw new IllegalArgumentException("byte range [" + offset + ", " + end + ") does not fit the device of "
          + size + " bytes");
    }
  }
}
