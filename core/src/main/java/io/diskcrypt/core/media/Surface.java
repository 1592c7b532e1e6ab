package io.diskcrypt.core.media;

import io.diskcrypt.core.block.SectorSize;
import java.util.Optional;

/**
 * A place where bytes rest or travel, as an observer with physical access would see it: the raw
 * bytes, after every layer above it has done its work. The comparison of encryption options is
 * derived by writing known plaintext through a VM and scanning each surface for it.
 */
public interface Surface {

  /** A name for people, such as {@code "vm1/os: storage media"}. */
  String name();

  /** At rest or in flight. */
  SurfaceKind kind();

  /** The size of the sectors the surface holds. */
  SectorSize sectorSize();

  /** How many distinct sectors hold bytes (were written or observed). */
  long sectorsHeld();

  /** The numbers of the sectors held, ascending. */
  long[] heldSectors();

  /** The raw bytes of a sector as last stored or observed; empty when the sector was never seen. */
  Optional<byte[]> readRaw(long sector);

  /**
   * Scans every sector held for {@code needle}.
   *
   * @param needle a non-empty byte pattern, at most one sector long
   * @return how many sectors were scanned and in how many the pattern was found
   */
  ScanResult scan(byte[] needle);
}
