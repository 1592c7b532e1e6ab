package io.diskcrypt.ade;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;

/** A window of sectors of a device, such as the simulated /boot partition at the end of the OS disk. */
final class Slice implements BlockDevice {
  private final BlockDevice below;
  private final long first;
  private final long count;

  Slice(BlockDevice below, long first, long count) {
    if (first < 0 || count <= 0 || first + count > below.sectorCount()) {
      throw new IllegalArgumentException("slice [" + first + ", " + (first + count) + ") outside the device's "
          + below.sectorCount() + " sectors");
    }
    this.below = below;
    this.first = first;
    this.count = count;
  }

  @Override
  public SectorSize sectorSize() {
    return below.sectorSize();
  }

  @Override
  public long sectorCount() {
    return count;
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    below.read(first + sector, buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    below.write(first + sector, buffer, offset, length);
  }

  @Override
  public void flush() {
    below.flush();
  }
}
