package io.diskcrypt.ade.internal;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;

/**
 * A window onto part of another device: {@code sectorCount} sectors of {@code sectorSize} starting at
 * byte {@code offsetBytes} of the device below. The window's sectors may be larger than the device's
 * own (a 4096-byte LUKS2 segment on a 512e disk). It is the data area of an unlocked LUKS volume, and
 * under ADE also a partition of a guest disk (the simulated /boot holding the detached header, and the
 * root volume beside it).
 *
 * <p>Public only so that the luks package and the ADE guest can both use it; its package is not
 * exported, so it is not part of the module's API.
 */
public final class SliceDevice extends BlockDeviceDecorator {
  private final long offsetBytes;
  private final SectorSize sectorSize;
  private final long sectorCount;

  /**
   * A window of {@code sectorCount} sectors of {@code sectorSize} from byte {@code offsetBytes} of
   * {@code below}.
   *
   * @throws IllegalArgumentException naming the value when {@code sectorSize} is smaller than the
   *     device's sector size, the offset is negative or not on a sector of the device, or the window
   *     is empty or does not fit the device
   */
  public SliceDevice(BlockDevice below, long offsetBytes, SectorSize sectorSize, long sectorCount) {
    super(below);
    int belowSize = below.sectorSize().bytes();
    if (sectorSize.bytes() < belowSize) {
      throw new IllegalArgumentException("slice sector size " + sectorSize.bytes()
          + " is smaller than the device's sector size " + belowSize);
    }
    if (offsetBytes < 0 || offsetBytes % belowSize != 0) {
      throw new IllegalArgumentException("slice offset " + offsetBytes + " is not a byte offset of one of the device's "
          + belowSize + "-byte sectors");
    }
    if (sectorCount <= 0 || offsetBytes + sectorCount * sectorSize.bytes() > below.sizeBytes()) {
      throw new IllegalArgumentException("slice of " + sectorCount + " sectors at byte " + offsetBytes
          + " does not fit the device of " + below.sizeBytes() + " bytes");
    }
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

  private long belowSector(long sector) {
    return (offsetBytes + sector * sectorSize.bytes()) / below.sectorSize().bytes();
  }

  @Override
  public String toString() {
    return "SliceDevice[" + sectorCount + " x " + sectorSize + " at byte " + offsetBytes + " of " + below + "]";
  }
}
