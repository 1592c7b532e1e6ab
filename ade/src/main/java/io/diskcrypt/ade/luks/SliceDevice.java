package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;

/**
 * A window {@code [offset, offset + count * sectorSize)} of a device, seen in sectors of {@code
 * sectorSize}, which may be larger than the device's own (a 4096-byte LUKS2 segment on a 512e disk).
 */
final class SliceDevice implements BlockDevice {
  private final BlockDevice below;
  private final long offsetBytes;
  private final SectorSize sectorSize;
  private final long sectorCount;

  SliceDevice(BlockDevice below, long offsetBytes, SectorSize sectorSize, long sectorCount) {
    int belowSize = below.sectorSize().bytes();
    if (sectorSize.bytes() < belowSize) {
      throw new IllegalArgumentException("LUKS sector size " + sectorSize.bytes()
          + " is smaller than the device's sector size " + belowSize);
    }
    if (offsetBytes % belowSize != 0) {
      throw new IllegalArgumentException("data offset " + offsetBytes + " is not aligned to the device's "
          + belowSize + "-byte sectors");
    }
    if (sectorCount < 0 || offsetBytes + sectorCount * sectorSize.bytes() > below.sizeBytes()) {
      throw new IllegalArgumentException("data area of " + sectorCount + " sectors at " + offsetBytes
          + " does not fit the device of " + below.sizeBytes() + " bytes");
    }
    this.below = below;
    this.offsetBytes = offsetBytes;
    this.sectorSize = sectorSize;
    this.sectorCount = sectorCount;
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
    below.read(belowSector(sector), buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    below.write(belowSector(sector), buffer, offset, length);
  }

  @Override
  public void flush() {
    below.flush();
  }

  private long belowSector(long sector) {
    return (offsetBytes + sector * sectorSize.bytes()) / below.sectorSize().bytes();
  }

  @Override
  public String toString() {
    return "SliceDevice[" + sectorCount + " x " + sectorSize + " at byte " + offsetBytes + " of " + below + "]";
  }
}
