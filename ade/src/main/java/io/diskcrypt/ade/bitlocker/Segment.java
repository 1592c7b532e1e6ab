package io.diskcrypt.ade.bitlocker;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A run of sectors of the data device that maps one way onto the volume: as {@code cryptsetup
 * bitlkOpen} builds its device-mapper table, and as dislocker reads.
 *
 * @param first the first sector of the data device
 * @param count how many sectors
 * @param kind how they read
 * @param physicalFirst the volume sector that holds {@code first} (for {@link Kind#ZERO}, the sector itself)
 * @param what the reserved area a {@link Kind#ZERO} run stands for, or null
 */
record Segment(long first, long count, Kind kind, long physicalFirst, String what) {
  /** How a run reads. */
  enum Kind {
    /** Ciphertext, decrypted under its physical sector numbers. */
    ENCRYPTED,
    /** Plaintext: above the encrypted boundary of a volume in conversion. */
    PLAIN,
    /** A reserved area (metadata, the backup of the first sectors, a region being converted): zeros, not writable. */
    ZERO
  }

  long end() {
    return first + count;
  }

  /**
   * The segments of the data device of {@code m} ({@code sectorBytes} each), sorted and covering
   * {@code [0, volumeBytes / sectorBytes)}: the first sectors served from their backup location,
   * zeros where the reserved areas lie, and the rest where it is, encrypted below the metadata's
   * encrypted size and plain above it.
   */
  static List<Segment> of(FveMetadata m, int sectorBytes) {
    long sectors = m.volumeBytes() / sectorBytes;
    long relocated = m.headerBytes() / sectorBytes;
    long backup = m.headerOffset() / sectorBytes;
    long boundary = m.encryptedBytes() / sectorBytes;
    List<FveMetadata.Region> zeros = new ArrayList<>(m.reserved());
    if (m.convertBytes() > 0) {
      zeros.add(new FveMetadata.Region("region being converted", m.encryptedBytes(), m.convertBytes()));
    }
    TreeSet<Long> cuts = new TreeSet<>(List.of(0L, Math.min(relocated, sectors), sectors));
    for (FveMetadata.Region z : zeros) {
      cuts.add(Math.min(z.offset() / sectorBytes, sectors));
      cuts.add(Math.min(z.end() / sectorBytes, sectors));
    }
    cuts.add(Math.min(boundary, sectors));
    if (boundary > backup && boundary - backup < relocated) {
      cuts.add(boundary - backup); // the encrypted boundary falls inside the backup of the first sectors
    }
    List<Segment> out = new ArrayList<>();
    Long previous = null;
    for (long cut : cuts) {
      if (previous != null && cut > previous) {
        out.add(segment(previous, cut - previous, relocated, backup, boundary, zeros, sectorBytes));
      }
      previous = cut;
    }
    return List.copyOf(out);
  }

  private static Segment segment(long first, long count, long relocated, long backup, long boundary,
      List<FveMetadata.Region> zeros, int sectorBytes) {
    long firstByte = first * sectorBytes;
    for (FveMetadata.Region z : zeros) {
      if (first >= relocated && firstByte >= z.offset() && firstByte < z.end()) {
        return new Segment(first, count, Kind.ZERO, first, z.name());
      }
    }
    long physical = first < relocated ? backup + first : first;
    return new Segment(first, count, physical < boundary ? Kind.ENCRYPTED : Kind.PLAIN, physical, null);
  }
}
