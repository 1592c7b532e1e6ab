package io.diskcrypt.ade.bitlocker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * Little-endian field access, Microsoft GUIDs and FILETIMEs: every integer in BitLocker metadata is
 * little-endian, and a GUID is stored as (u32, u16, u16, 8 bytes) with the first three parts
 * little-endian.
 */
final class Le {
  /** 100-ns intervals between 1601-01-01 and 1970-01-01. */
  private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

  private Le() {}

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
  }

  static long u64(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static void put64(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  /** The 16 on-disk bytes of a GUID. */
  static byte[] guidBytes(UUID uuid) {
    byte[] be = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    byte[] out = be.clone();
    swapGuidEndianness(out, be);
    return out;
  }

  /** The GUID stored at {@code off}. */
  static UUID guid(byte[] b, int off) {
    byte[] raw = new byte[16];
    System.arraycopy(b, off, raw, 0, 16);
    byte[] be = raw.clone();
    swapGuidEndianness(be, raw);
    ByteBuffer buffer = ByteBuffer.wrap(be);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  private static void swapGuidEndianness(byte[] out, byte[] in) {
    out[0] = in[3];
    out[1] = in[2];
    out[2] = in[1];
    out[3] = in[0];
    out[4] = in[5];
    out[5] = in[4];
    out[6] = in[7];
    out[7] = in[6];
  }

  static long filetime(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 10_000_000L), instant.getNano() / 100 + FILETIME_EPOCH);
  }

  static Instant instant(long filetime) {
    long since1970 = filetime - FILETIME_EPOCH;
    return Instant.ofEpochSecond(Math.floorDiv(since1970, 10_000_000L), Math.floorMod(since1970, 10_000_000L) * 100);
  }
}
