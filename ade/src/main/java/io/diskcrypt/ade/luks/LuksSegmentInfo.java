package io.diskcrypt.ade.luks;

import java.util.List;
import java.util.Objects;

/**
 * One segment of a LUKS2 header as {@code cryptsetup luksDump} lists it (LUKS1 has one crypt segment).
 * During cryptsetup's online encryption a header holds several: the plaintext still to encrypt as
 * {@code linear}, the encrypted part as {@code crypt}, and backups (flags {@code backup-*}) that
 * describe the layouts before and after.
 *
 * @param id the segment number
 * @param type {@code crypt}, {@code linear}, or another type cryptsetup knows
 * @param offset byte offset on the data device, unsigned
 * @param size byte size, unsigned (up to 2^64-1); meaningless when {@code dynamic}
 * @param dynamic true when the segment runs to the end of the device
 * @param cipher the cipher of a crypt segment ({@code aes-xts-plain64} ...), empty otherwise
 * @param sectorSize the encryption sector size of a crypt segment, 512 otherwise
 * @param ivTweak the IV of the segment's first sector in 512-byte units
 * @param flags the segment's flags
 */
public record LuksSegmentInfo(int id, String type, long offset, long size, boolean dynamic, String cipher,
    int sectorSize, long ivTweak, List<String> flags) {

  /** Copies the flags. */
  public LuksSegmentInfo {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cipher, "cipher");
    flags = List.copyOf(flags);
  }

  /** True for a backup segment (a layout kept for a reencryption), not part of the data device. */
  public boolean backup() {
    return flags.stream().anyMatch(f -> f.startsWith("backup-"));
  }
}
