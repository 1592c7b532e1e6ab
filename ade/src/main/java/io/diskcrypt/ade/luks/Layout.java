package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import java.util.List;

/** The parts of a parsed header (LUKS1 or LUKS2) that opening a volume needs, version-neutral. */
final class Layout {
  private Layout() {}

  /**
   * One keyslot: where its split key lies and how its key-encryption key is derived.
   *
   * @param areaCipher the cipher of the keyslot area (a {@link LuksCipher} name)
   * @param areaKeyBytes the key size of the area cipher, the KDF output length
   */
  record Keyslot(int id, int keyBytes, int stripes, String afHash, long areaOffset, long areaSize,
      String areaCipher, int areaKeyBytes, LuksKdf kdf, byte[] salt) {

    /** The bytes the split key occupies, rounded up to whole 512-byte sectors. */
    long splitBytes() {
      long raw = (long) keyBytes * stripes;
      return (raw + 511) / 512 * 512;
    }
  }

  /**
   * A volume-key digest: PBKDF2-{@code hash}(volume key, salt, iterations) == value, for the keyslots
   * and segments it names.
   */
  record Digest(String hash, int iterations, byte[] salt, byte[] value, List<Integer> keyslots,
      List<Integer> segments) {}

  /**
   * One segment of the data device, in the order the segments make up the decrypted device.
   *
   * @param id the segment's number (0 for LUKS1)
   * @param type {@code crypt} or {@code linear} (plaintext, as during an online encryption)
   * @param offset the byte offset on the data device
   * @param size the size in bytes, unsigned; ignored when {@code dynamic}
   * @param dynamic true when the segment runs to the end of the device
   * @param cipher the {@link LuksCipher} name of a crypt segment, null for linear
   * @param sectorSize the encryption sector size in bytes (512 for linear)
   * @param ivTweak the IV of the segment's first sector, in 512-byte units
   * @param flags the LUKS2 flags ({@code backup-final} ...), empty for a plain volume
   */
  record Segment(int id, String type, long offset, long size, boolean dynamic, String cipher, int sectorSize,
      long ivTweak, List<String> flags) {

    static final String CRYPT = "crypt";
    static final String LINEAR = "linear";

    /** A dynamic crypt segment from {@code offset} with IV 0, as a newly formatted volume has. */
    static Segment crypt(long offset, String cipher, SectorSize sectorSize) {
      return new Segment(0, CRYPT, offset, 0, true, cipher, sectorSize.bytes(), 0, List.of());
    }

    boolean isCrypt() {
      return type.equals(CRYPT);
    }

    boolean isBackup() {
      return flags.stream().anyMatch(f -> f.startsWith("backup-"));
    }

    /** The size as shown: "dynamic" or the unsigned byte count. */
    String sizeText() {
      return dynamic ? "dynamic" : Long.toUnsignedString(size);
    }
  }
}
