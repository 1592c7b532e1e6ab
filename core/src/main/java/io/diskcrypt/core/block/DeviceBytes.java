package io.diskcrypt.core.block;

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
    long first = offset / ss;
    long end = (offset + length + ss - 1) / ss;
    byte[] sectors = new byte[Math.toIntExact((end - first) * ss)];
    device.read(first, sectors);
    byte[] out = new byte[length];
    System.arraycopy(sectors, (int) (offset - first * ss), out, 0, length);
    return out;
  }

  /**
   * Writes {@code data} at byte {@code offset}, keeping the other bytes of the first and last sector.
   *
   * @throws IllegalArgumentException naming the range when it does not fit the device
   */
  public static void write(BlockDevice device, long offset, byte[] data) {
    checkRange(device, offset, data.length);
    if (data.length == 0) {
      return;
    }
    int ss = device.sectorSize().bytes();
    if (offset % ss == 0 && data.length % ss == 0) {
      device.write(offset / ss, data);
      return;
    }
    long first = offset / ss;
    long end = (offset + data.length + ss - 1) / ss;
    byte[] sectors = new byte[Math.toIntExact((end - first) * ss)];
    device.read(first, sectors);
    System.arraycopy(data, 0, sectors, (int) (offset - first * ss), data.length);
    device.write(first, sectors);
  }

  private static void checkRange(BlockDevice device, long offset, int length) {
    if (offset < 0 || length < 0 || offset + length > device.sizeBytes()) {
      throw new IllegalArgumentException("byte range [" + offset + ", " + (offset + length)
          + ") does not fit the device of " + device.sizeBytes() + " bytes");
    }
  }
}
