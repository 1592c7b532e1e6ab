package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.CpuAccount;
import java.util.Arrays;
import java.util.List;

/**
 * The decrypted view of a whole BitLocker volume, as {@code cryptsetup bitlkOpen} maps it and dislocker
 * reads it: sector {@code s} of this device is sector {@code s} of the volume, except that the first
 * sectors come from their backup location, the reserved areas read as zeros (and refuse writes, which
 * would otherwise be lost), and sectors above the encrypted boundary of a volume in conversion pass
 * through unencrypted. Crypto is charged to the payer; after {@link #evict()} every I/O fails.
 */
final class DataDevice implements BlockDevice {
  private final BlockDevice volume;
  private final List<Segment> segments;
  private final VolumeCipher cipher;
  private final CpuAccount payer;
  private final String keyDescription;
  private byte[] scratch = new byte[0];
  private boolean evicted;

  DataDevice(BlockDevice volume, List<Segment> segments, VolumeCipher cipher, CpuAccount payer, String keyDescription) {
    this.volume = volume;
    this.segments = segments;
    this.cipher = cipher;
    this.payer = payer;
    this.keyDescription = keyDescription;
  }

  @Override
  public SectorSize sectorSize() {
    return volume.sectorSize();
  }

  @Override
  public long sectorCount() {
    return segments.get(segments.size() - 1).end();
  }

  @Override
  public synchronized void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    int ss = sectorSize().bytes();
    long end = sector + length / ss;
    for (Segment s : segments) {
      long from = Math.max(sector, s.first());
      long to = Math.min(end, s.end());
      if (from >= to) {
        continue;
      }
      int at = offset + (int) ((from - sector) * ss);
      int bytes = (int) ((to - from) * ss);
      long physical = s.physicalFirst() + (from - s.first());
      switch (s.kind()) {
        case ZERO -> Arrays.fill(buffer, at, at + bytes, (byte) 0);
        case PLAIN -> volume.read(physical, buffer, at, bytes);
        case ENCRYPTED -> {
          volume.read(physical, buffer, at, bytes);
          long start = System.nanoTime();
          cipher.decrypt(physical, buffer, at, bytes);
          payer.charge(System.nanoTime() - start, bytes);
        }
      }
    }
  }

  /**
   * Writes, encrypting what lies below the encrypted boundary.
   *
   * @throws IllegalArgumentException naming the reserved area when the range touches one (nothing is written)
   */
  @Override
  public synchronized void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    int ss = sectorSize().bytes();
    long end = sector + length / ss;
    for (Segment s : segments) {
      if (s.kind() == Segment.Kind.ZERO && s.first() < end && sector < s.end()) {
        throw new IllegalArgumentException("sectors [" + sector + ", " + end + ") overlap BitLocker's "
            + s.what() + " (sectors [" + s.first() + ", " + s.end() + ")), which reads as zeros and cannot be written");
      }
    }
    for (Segment s : segments) {
      long from = Math.max(sector, s.first());
      long to = Math.min(end, s.end());
      if (from >= to) {
        continue;
      }
      int at = offset + (int) ((from - sector) * ss);
      int bytes = (int) ((to - from) * ss);
      long physical = s.physicalFirst() + (from - s.first());
      if (s.kind() == Segment.Kind.PLAIN) {
        volume.write(physical, buffer, at, bytes);
      } else {
        if (scratch.length < bytes) {
          scratch = new byte[bytes];
        }
        System.arraycopy(buffer, at, scratch, 0, bytes);
        long start = System.nanoTime();
        cipher.encrypt(physical, scratch, 0, bytes);
        payer.charge(System.nanoTime() - start, bytes);
        volume.write(physical, scratch, 0, bytes);
      }
    }
  }

  @Override
  public void flush() {
    volume.flush();
  }

  /** Drops the key: the cipher is closed and later I/O fails, naming the key. */
  synchronized void evict() {
    if (!evicted) {
      evicted = true;
      cipher.close();
      Arrays.fill(scratch, (byte) 0);
    }
  }

  private void checkKey() {
    if (evicted) {
      throw new DeviceUnavailableException("the key is no longer available to this layer: " + keyDescription);
    }
  }

  @Override
  public String toString() {
    return "BitLocker data[" + sectorCount() + " x " + sectorSize() + ", " + segments.size() + " segments, key: "
        + keyDescription + ", over " + volume + "]";
  }
}
