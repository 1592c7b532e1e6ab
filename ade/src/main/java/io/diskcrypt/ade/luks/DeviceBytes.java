package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;

/** Byte-addressed reads and writes on a sector device (read-modify-write at unaligned edges). */
final class DeviceBytes {
  private DeviceBytes() {}

  /** {@code length} bytes at byte {@code offset}, or an exception naming the range when it does not fit. */
  static byte[] read(BlockDevice device, long offset, int length) {
    checkRange(device, offset, length);
    int ss = device.sectorSize().bytes();
    long first = offset / ss;
    long end = (offset + length + ss - 1) / ss;
    byte[] sectors = new byte[Math.toIntExact((end - first) * ss)];
    device.read(first, sectors);
    byte[] out = new byte[length];
    System.arraycopy(sectors, (int) (offset - first * ss), out, 0, length);
    return out;
  }

  /** Writes {@code data} at byte {@code offset}. */
  static void write(BlockDevice device, long offset, byte[] data) {
    checkRange(device, offset, data.length);
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
