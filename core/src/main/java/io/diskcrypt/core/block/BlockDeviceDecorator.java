package io.diskcrypt.core.block;

import java.util.Objects;

/**
 * Base for a layer of a data path: forwards every call to the device below after checking it.
 * Subclasses override the calls they change. Geometry is the device below's.
 */
public abstract class BlockDeviceDecorator implements BlockDevice {
  /** The device this layer sits on. */
  protected final BlockDevice below;

  /** A layer on {@code below}. */
  protected BlockDeviceDecorator(BlockDevice below) {
    this.below = Objects.requireNonNull(below, "below");
  }

  /** The device this layer sits on. */
  public final BlockDevice below() {
    return below;
  }

  @Override
  public SectorSize sectorSize() {
    return below.sectorSize();
  }

  @Override
  public long sectorCount() {
    return below.sectorCount();
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    below.read(sector, buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    below.write(sector, buffer, offset, length);
  }

  @Override
  public void flush() {
    below.flush();
  }
}
