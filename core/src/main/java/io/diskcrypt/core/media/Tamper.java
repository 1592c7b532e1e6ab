package io.diskcrypt.core.media;

import java.util.Objects;

/**
 * The attacker's write path: raw changes to media at rest, beneath every layer of the data path, as
 * someone with physical access to the disks would make them. No data path uses it. It exists so that
 * a lab or a test can show what sector encryption does not promise: AES-XTS hides the bytes, but it
 * neither detects changes (a flipped bit garbles one 16-byte block, and the read succeeds) nor binds
 * a sector to its age (an old ciphertext put back reads as the old plaintext).
 *
 * <p>Only media at rest can be written: a link capture is a record of what crossed the wire, and
 * rewriting it changes nothing anyone reads.
 */
public final class Tamper {
  private Tamper() {}

  /**
   * Replaces the raw bytes of one sector.
   *
   * @param bytes exactly one sector
   * @throws IllegalArgumentException when the surface is not media at rest, the sector is out of
   *     range, or {@code bytes} is not one sector long
   */
  public static void overwrite(Surface surface, long sector, byte[] bytes) {
    SparseMedia media = media(surface);
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != media.sectorSize().bytes()) {
      throw new IllegalArgumentException("a sector of " + media.name() + " is " + media.sectorSize().bytes()
          + " bytes, got " + bytes.length);
    }
    media.write(sector, bytes);
  }

  /**
   * Flips one bit of a sector held on the media.
   *
   * @param bit the bit's index in the sector, from 0 (the lowest bit of the first byte)
   * @throws IllegalArgumentException when the surface is not media at rest, the sector holds nothing,
   *     or the bit is outside the sector
   */
  public static void flipBit(Surface surface, long sector, int bit) {
    byte[] raw = held(surface, sector);
    if (bit < 0 || bit >= raw.length * 8) {
      throw new IllegalArgumentException("bit " + bit + " is outside a sector of " + raw.length + " bytes");
    }
    raw[bit / 8] ^= (byte) (1 << (bit % 8));
    overwrite(surface, sector, raw);
  }

  /**
   * Swaps the raw bytes of two sectors held on the media.
   *
   * @throws IllegalArgumentException when the surface is not media at rest or either sector holds nothing
   */
  public static void swap(Surface surface, long first, long second) {
    byte[] a = held(surface, first);
    byte[] b = held(surface, second);
    overwrite(surface, first, b);
    overwrite(surface, second, a);
  }

  private static byte[] held(Surface surface, long sector) {
    SparseMedia media = media(surface);
    return media.readRaw(sector).orElseThrow(() -> new IllegalArgumentException(
        "sector " + sector + " of " + media.name() + " holds nothing to tamper with"));
  }

  private static SparseMedia media(Surface surface) {
    Objects.requireNonNull(surface, "surface");
    if (surface instanceof SparseMedia media) {
      return media;
    }
    throw new IllegalArgumentException(surface.name() + " cannot be written: only media at rest can be tampered with, this is "
        + surface.kind());
  }
}
