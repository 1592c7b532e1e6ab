package io.diskcrypt.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Small XTS helpers shared by the engines in this package. */
final class Xts {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Xts() {}

  /** Writes the 16-byte tweak block of {@code tweak}: dm-crypt plain64, 64-bit little-endian, zero-padded. */
  static void tweakBlock(long tweak, byte[] into) {
    LONGS.set(into, 0, tweak);
    LONGS.set(into, 8, 0L);
  }

  /** Multiplies the 16-byte little-endian tweak in {@code block} by x in GF(2^128), in place. */
  static void timesX(byte[] block) {
    long lo = (long) LONGS.get(block, 0);
    long hi = (long) LONGS.get(block, 8);
    long feedback = (hi >> 63) & 0x87;
    LONGS.set(block, 8, (hi << 1) | (lo >>> 63));
    LONGS.set(block, 0, (lo << 1) ^ feedback);
  }
}
