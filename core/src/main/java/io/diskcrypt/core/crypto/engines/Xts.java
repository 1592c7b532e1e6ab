package io.diskcrypt.core.crypto.engines;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Small XTS helpers shared by the engines (the default one in {@code io.diskcrypt.core.crypto} and the
 * optional ones here). Public for that package only: this package is not exported.
 */
public final class Xts {
  /** A {@code byte[]} read and written as little-endian longs: how XTS lays out a 128-bit block. */
  public static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** x^128 = x^7 + x^2 + x + 1: a bit shifted out of bit 127 comes back as 0x87. */
  private static final long FEEDBACK = 0x87;

  private Xts() {}

  /** Writes the 16-byte tweak block of {@code tweak}: dm-crypt plain64, 64-bit little-endian, zero-padded. */
  public static void tweakBlock(long tweak, byte[] into) {
    tweakBlock(tweak, into, 0);
  }

  /** Writes the 16-byte tweak block of {@code tweak} into {@code into} from {@code at}. */
  public static void tweakBlock(long tweak, byte[] into, int at) {
    LONGS.set(into, at, tweak);
    LONGS.set(into, at + 8, 0L);
  }

  /** Multiplies the 16-byte little-endian tweak in {@code block} by x in GF(2^128), in place. */
  static void timesX(byte[] block) {
    long lo = (long) LONGS.get(block, 0);
    long hi = (long) LONGS.get(block, 8);
    long feedback = (hi >> 63) & FEEDBACK;
    LONGS.set(block, 8, (hi << 1) | (lo >>> 63));
    LONGS.set(block, 0, (lo << 1) ^ feedback);
  }
}
