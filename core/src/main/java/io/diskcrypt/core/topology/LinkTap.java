package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.media.SurfaceKind;
import java.util.Objects;
import java.util.Optional;

/**
 * The compute-to-storage link of one disk, with a tap: it forwards every I/O to the storage cluster
 * and keeps the last frame seen for each sector, in either direction, so an observer on the wire can
 * scan what crossed it. The capture outlives VM restarts; the storage side is reconnected at each
 * start.
 */
final class LinkTap implements BlockDevice, Surface {
  private final String name;
  private final SparseMedia frames;
  private volatile BlockDevice storage;

  LinkTap(String name, long sizeBytes, SectorSize sectorSize) {
    this.name = name;
    this.frames = new SparseMedia(name, sizeBytes, sectorSize);
  }

  LinkTap connect(BlockDevice storageSide) {
    this.storage = Objects.requireNonNull(storageSide, "storageSide");
    return this;
  }

  @Override
  public SectorSize sectorSize() {
    return frames.sectorSize();
  }

  @Override
  public long sectorCount() {
    return frames.sectorCount();
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    storage.read(sector, buffer, offset, length);
    frames.write(sector, buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    frames.write(sector, buffer, offset, length);
    storage.write(sector, buffer, offset, length);
  }

  @Override
  public void flush() {
    storage.flush();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SurfaceKind kind() {
    return SurfaceKind.IN_FLIGHT;
  }

  @Override
  public long sectorsHeld() {
    return frames.sectorsHeld();
  }

  @Override
  public long[] heldSectors() {
    return frames.heldSectors();
  }

  @Override
  public Optional<byte[]> readRaw(long sector) {
    return frames.readRaw(sector);
  }

  @Override
  public ScanResult scan(byte[] needle) {
    ScanResult seen = frames.scan(needle);
    return new ScanResult(name, SurfaceKind.IN_FLIGHT, seen.scanned(), seen.hits(), seen.firstHit());
  }
}
