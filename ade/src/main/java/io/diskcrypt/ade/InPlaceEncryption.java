package io.diskcrypt.ade;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.topology.VirtualDisk;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * Encrypts or decrypts a guest disk in place, keeping the data, as the guest does when ADE is enabled
 * on a disk that already holds data (or disabled on a data-only Linux VM).
 *
 * <p>The simulated disks are thin: a pass visits only the sectors that were ever written (the union
 * of the managed disk's media and the host cache media), not terabytes of zeros. Sectors never written
 * read as noise through the new volume, as unused sectors of a fresh dm-crypt or BitLocker volume do.
 *
 * <p>Order: read the written plaintext into guest memory, check it fits the volume, overwrite every
 * written raw sector with zeros (so no plaintext remains under a header or past the data area), format,
 * then write the plaintext back through the encrypting view. Logical sector {@code L} of the volume
 * holds what raw sector {@code L} held before: with an attached header, cryptsetup's data shift moves
 * the data up by the header size and needs the disk's last header-size bytes free (ADE shrinks the file
 * system first); a detached header needs no shift.
 *
 * <p>If formatting or writing the plaintext through the new volume fails, the volume is closed and the
 * plaintext is written back to the raw disk where it was, so nothing is lost.
 */
final class InPlaceEncryption {
  /** Formats the disk and returns the unlocked volume. */
  @FunctionalInterface
  interface Formatter {
    OpenVolume format() throws GeneralSecurityException;
  }

  private InPlaceEncryption() {}

  /** The sectors of {@code disk} ever written, ascending (after the guest's sync). */
  static long[] writtenSectors(VirtualDisk disk) {
    disk.flush();
    LongStream held = Arrays.stream(disk.hostMedia().heldSectors());
    if (disk.role().managed()) {
      held = LongStream.concat(held, Arrays.stream(disk.managedDisk().media().heldSectors()));
    }
    return held.sorted().distinct().toArray();
  }

  /**
   * Encrypts {@code disk}: keeps its data when {@code keep}, otherwise formats it (the data is lost, as
   * EncryptFormatAll documents).
   *
   * @param volumeSectors the sectors of the volume's data area; data written at or beyond it cannot be kept
   * @param tailPurpose what the disk's last sectors are needed for, for the refusal message
   * @throws AdeRefusedException when {@code keep} and data lies beyond the volume's end
   */
  static OpenVolume encrypt(VirtualDisk disk, boolean keep, long volumeSectors, String tailPurpose,
      Formatter formatter, io.diskcrypt.core.cpu.CpuAccount payer) throws GeneralSecurityException {
    long[] written = writtenSectors(disk);
    if (keep) {
      requireFits(disk, written, volumeSectors, tailPurpose);
    }
    Map<Long, byte[]> saved = keep ? read(disk, written) : Map.of();
    try {
      zero(disk, written);
      OpenVolume volume;
      try {
        volume = formatter.format();
      } catch (GeneralSecurityException | RuntimeException e) {
        restore(disk, saved, e);
        throw e;
      }
      try {
        writeBack(volume.dataDevice(payer), saved);
      } catch (RuntimeException e) {
        // The raw sectors are zeroed and the write-back is partial: drop the key and put the plaintext
        // back where it was, as when formatting fails.
        try {
          volume.close();
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
        restore(disk, saved, e);
        throw e;
      }
      return volume;
    } finally {
      saved.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }
  }

  /**
   * Refuses when data lies beyond the volume's data area.
   *
   * @throws AdeRefusedException naming the disk, the sector and what the tail is needed for
   */
  static void requireFits(VirtualDisk disk, long[] written, long volumeSectors, String tailPurpose) {
    if (written.length > 0 && written[written.length - 1] >= volumeSectors) {
      throw new AdeRefusedException("disk " + disk.describe() + " holds data at sector " + written[written.length - 1]
          + ", but the last " + (disk.sectorCount() - volumeSectors) + " sectors are needed for " + tailPurpose
          + ": shrink the file system first (volume data area is sectors 0.." + (volumeSectors - 1) + ")");
    }
  }

  /**
   * Decrypts: copies the volume's written sectors out through {@code volume}, closes it, zeroes the
   * raw disk where header and ciphertext were, and writes the plaintext back at the same sector numbers.
   *
   * @param shiftSectors raw sector = logical sector + shift (the attached header's size, or 0)
   */
  static void decrypt(VirtualDisk disk, OpenVolume volume, long shiftSectors, long volumeSectors,
      io.diskcrypt.core.cpu.CpuAccount payer) {
    long[] written = writtenSectors(disk);
    long[] logical = Arrays.stream(written).map(s -> s - shiftSectors)
        .filter(l -> l >= 0 && l < volumeSectors).toArray();
    Map<Long, byte[]> saved = read(volume.dataDevice(payer), logical);
    try {
      volume.close();
      zero(disk, written);
      writeBack(disk, saved);
    } finally {
      saved.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }
  }

  /** Writes {@code saved} back to the raw {@code disk}; a failure is added to {@code cause}, which the caller throws. */
  private static void restore(VirtualDisk disk, Map<Long, byte[]> saved, Exception cause) {
    try {
      writeBack(disk, saved);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static Map<Long, byte[]> read(BlockDevice device, long[] sectors) {
    Map<Long, byte[]> out = new TreeMap<>();
    for (long s : sectors) {
      byte[] buffer = new byte[device.sectorSize().bytes()];
      device.read(s, buffer);
      out.put(s, buffer);
    }
    return out;
  }

  private static void zero(BlockDevice device, long[] sectors) {
    byte[] zeros = new byte[device.sectorSize().bytes()];
    for (long s : sectors) {
      device.write(s, zeros);
    }
    device.flush();
  }

  private static void writeBack(BlockDevice device, Map<Long, byte[]> saved) {
    for (Map.Entry<Long, byte[]> e : saved.entrySet()) {
      device.write(e.getKey(), e.getValue());
    }
    device.flush();
  }
}
