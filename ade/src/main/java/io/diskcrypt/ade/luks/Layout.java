package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import java.util.List;

/** The parts of a parsed header (LUKS1 or LUKS2) that opening a volume needs, version-neutral. */
final class Layout {
  private Layout() {}

  /**
   * One keyslot: where its split key lies and how its key-encryption key is derived.
   *
   * @param areaKeyBytes the key size of the area cipher (aes-xts-plain64), the KDF output length
   */
  record Keyslot(int id, int keyBytes, int stripes, String afHash, long areaOffset, long areaSize,
      int areaKeyBytes, LuksKdf kdf, byte[] salt) {

    /** The bytes the split key occupies, rounded up to whole 512-byte sectors. */
    long splitBytes() {
      long raw = (long) keyBytes * stripes;
      return (raw + 511) / 512 * 512;
    }
  }

  /** The volume-key digest: PBKDF2-{@code hash}(volume key, salt, iterations) == value. */
  record Digest(String hash, int iterations, byte[] salt, byte[] value, List<Integer> keyslots) {}

  /**
   * The encrypted data segment.
   *
   * @param size the size in bytes, or -1 for "dynamic" (up to the end of the device)
   */
  record Segment(long offset, long size, SectorSize sectorSize, int keyBits) {}
}
