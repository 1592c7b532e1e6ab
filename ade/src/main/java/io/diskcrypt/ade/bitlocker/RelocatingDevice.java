package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.Sectors;

/**
 * The data device of a BitLocker volume, over the decrypting layer of the whole volume: sectors
 * {@code [0, relocated)} live at the backup location (where the volume header sits, BitLocker keeps
 * the file system's first sectors elsewhere), every other sector lives where it is. The layer below
 * encrypts with the physical sector number, which is what BitLocker, dislocker and cryptsetup use for
 * the moved sectors too.
 */
final class RelocatingDevice extends BlockDeviceDecorator {
  private final long sectorCount;
  private final long relocated;
  private final long backupSector;

  RelocatingDevice(BlockDevice below, long sectorCount, long relocated, long backupSector) {
    super(below);
    this.sectorCount = sectorCount;
    this.relocated = relocated;
    this.backupSector = backupSector;
  }

  @Override
  public long sectorCount() {
    return sectorCount;
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    int ss = sectorSize().bytes();
    int head = headBytes(sector, length);
    if (head > 0) {
      below.read(backupSector + sector, buffer, offset, head);
    }
    if (head < length) {
      below.read(sector + head / ss, buffer, offset + head, length - head);
    }
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    int ss = sectorSize().bytes();
    int head = headBytes(sector, length);
    if (head > 0) {
      below.write(backupSector + sector, buffer, offset, head);
    }
    if (head < length) {
      below.write(sector + head / ss, buffer, offset + head, length - head);
    }
  }

  /** How many bytes of the request fall in the relocated sectors. */
  private int headBytes(long sector, int length) {
    if (sector >= relocated) {
      return 0;
    }
    long sectors = Math.min(relocated - sector, length / sectorSize().bytes());
    return (int) (sectors * sectorSize().bytes());
  }

  @Override
  public String toString() {
    return "BitLocker data[" + sectorCount + " x " + sectorSize() + ", sectors 0.." + (relocated - 1)
        + " kept at " + backupSector + ", over " + below + "]";
  }
}
