package io.diskcrypt.demo;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard input into a device and a device out to standard output, one bounded chunk at a time, so
 * that a stream of any size costs a megabyte of heap and no single array limits its length.
 */
final class DeviceStreams {
  private static final int CHUNK = 1 << 20;

  private DeviceStreams() {}

  /**
   * Writes all of {@code in} at byte {@code offset} of {@code device}, then flushes it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException naming the range that does not fit, and how much was written before it
   */
  static long copyIn(InputStream in, BlockDevice device, long offset) throws IOException {
    // The first chunk ends on a 4 KiB boundary, so that only the first and last chunk are unaligned.
    byte[] buffer = new byte[CHUNK];
    long done = 0;
    int want = CHUNK - (int) Math.floorMod(offset, 4096L);
    for (int n = in.readNBytes(buffer, 0, want); n > 0; n = in.readNBytes(buffer, 0, want)) {
      byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
      try {
        DeviceBytes.write(device, offset + done, chunk);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + (done == 0 ? "" : " (the " + done + " bytes before it were written)"), e);
      }
      done += n;
      want = CHUNK;
    }
    device.flush();
    return done;
  }

  /**
   * Copies {@code length} bytes from byte {@code offset} of {@code device} to {@code out}; stops early
   * when {@code out} is a {@link PrintStream} that has failed (the caller reports it).
   *
   * @throws IllegalArgumentException naming the range when it does not fit the device
   */
  static void copyOut(BlockDevice device, long offset, long length, OutputStream out) throws IOException {
    DeviceBytes.checkRange(device, offset, length);
    for (long done = 0; done < length; ) {
      int n = (int) Math.min(CHUNK, length - done);
      out.write(DeviceBytes.read(device, offset + done, n));
      if (out instanceof PrintStream p && p.checkError()) {
        return;
      }
      done += n;
    }
    out.flush();
  }
}
