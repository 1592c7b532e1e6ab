package io.diskcrypt.core.media;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import java.util.Objects;
import java.util.Optional;

/**
 * Physical media: the bottom of a data path and a surface at rest. Sparse: sectors never written
 * read as zeros, and memory is taken sector by sector on the first write to each, so a 1 TiB disk
 * costs about the sectors written (a lone 512-byte write costs about 900 bytes), not its size.
 */
public final class SparseMedia implements BlockDevice, Surface {
  private final String name;
  private final SectorSize sectorSize;
  private final long sectorCount;
  private final SectorStore store;

  /**
   * Media of {@code sizeBytes}.
   *
   * @throws IllegalArgumentException when the size is not a positive multiple of the sector size
   */
  public SparseMedia(String name, long sizeBytes, SectorSize sectorSize) {
    this.name = Objects.requireNonNull(name, "name");
    this.sectorSize = Objects.requireNonNull(sectorSize, "sectorSize");
    this.sectorCount = Sectors.count(sizeBytes, sectorSize);
    this.store = new SectorStore(sectorSize);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SurfaceKind kind() {
    return SurfaceKind.AT_REST;
  }

  @Override
  public SectorSize sectorSize() {
    return sectorSize;
  }

  @Override
  public long sectorCount() {
    return sectorCount;
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    store.get(sector, buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    store.put(sector, buffer, offset, length);
  }

  /** True when the sector has been written since the media was created or wiped. */
  public boolean holds(long sector) {
    return store.holds(sector);
  }

  /**
   * The length of the run of sectors from {@code sector}, at most {@code limit}, that are all held
   * when {@code sector} is, or all not held when it is not: what {@link #holds} would say sector by
   * sector, at the cost of one look-up per 32 KiB chunk.
   *
   * @param sector the first sector of the run
   * @param limit the most sectors to count; positive, and the run may not pass the end of the media
   * @return from 1 to {@code limit}
   * @throws IllegalArgumentException when the sectors {@code [sector, sector + limit)} are not all on
   *     the media
   */
  public int heldRunLength(long sector, int limit) {
    if (sector < 0 || sector >= sectorCount || limit <= 0 || limit > sectorCount - sector) {
      throw new IllegalArgumentException("sectors [" + sector + ", " + (sector + limit)
          + ") out of range: the media has sectors [0, " + sectorCount + ")");
    }
    return store.run(sector, limit);
  }

  @Override
  public long[] heldSectors() {
    return store.keys();
  }

  /** Forgets every sector, as a host does with a temp disk when a VM is deallocated. */
  public void wipe() {
    store.clear();
  }

  @Override
  public long sectorsHeld() {
    return store.size();
  }

  @Override
  public Optional<byte[]> readRaw(long sector) {
    return store.copyOf(sector);
  }

  @Override
  public ScanResult scan(byte[] needle) {
    return store.scan(name, SurfaceKind.AT_REST, needle);
  }

  @Override
  public String toString() {
    return "SparseMedia[" + name + ", " + sectorCount + " x " + sectorSize + ", " + store.size() + " held]";
  }
}
