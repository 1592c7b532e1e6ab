package io.diskcrypt.ade;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.VirtualDisk;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
final class InPlaceConversion {
  /** The largest single read or write of a pass, so that one run's buffer stays bounded. */
  private static final int MAX_RUN_BYTES = 1 << 20;

  /** Formats the disk and returns the unlocked volume. */
  @FunctionalInterface
  interface Formatter {
    OpenVolume format() throws GeneralSecurityException;
  }

  private InPlaceConversion() {}

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
    List<Saved> saved = keep ? read(disk, written) : List.of();
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
      wipe(saved);
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
    List<Saved> saved = read(volume.dataDevice(payer), logical);
    try {
      volume.close();
      zero(disk, written);
      writeBack(disk, saved);
    } finally {
      wipe(saved);
    }
  }

  /** Writes {@code saved} back to the raw {@code disk}; a failure is added to {@code cause}, which the caller throws. */
  private static void restore(VirtualDisk disk, List<Saved> saved, Exception cause) {
    try {
      writeBack(disk, saved);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** {@code sectors} consecutive sectors starting at {@code first}. */

  /** The plaintext of the consecutive sectors starting at {@code first}. */
  private record Saved(long first, byte[] data) {}

  /** Runs of at most {@link #MAX_RUN_BYTES}: one I/O per run instead of one per sector. */
  private static List<Sectors.Run> runs(long[] sectors, int sectorBytes) {
    return Sectors.runs(sectors, Math.max(1, MAX_RUN_BYTES / sectorBytes));
  }

  private static List<Saved> read(BlockDevice device, long[] sectors) {
    int sectorBytes = device.sectorSize().bytes();
    List<Saved> saved = new ArrayList<>();
    try {
      for (Sectors.Run run : runs(sectors, sectorBytes)) {
        Saved s = new Saved(run.first(), new byte[run.count() * sectorBytes]);
        saved.add(s);
        device.read(s.first(), s.data());
      }
    } catch (RuntimeException e) {
      wipe(saved);
      throw e;
    }
    return saved;
  }

  private static void zero(BlockDevice device, long[] sectors) {
    int sectorBytes = device.sectorSize().bytes();
    List<Sectors.Run> runs = runs(sectors, sectorBytes);
    byte[] zeros = new byte[runs.stream().mapToInt(Sectors.Run::count).max().orElse(0) * sectorBytes];
    for (Sectors.Run run : runs) {
      device.write(run.first(), zeros, 0, run.count() * sectorBytes);
    }
    device.flush();
  }

  private static void writeBack(BlockDevice device, List<Saved> saved) {
    for (Saved s : saved) {
      device.write(s.first(), s.data());
    }
    device.flush();
  }

  private static void wipe(List<Saved> saved) {
    saved.forEach(s -> Arrays.fill(s.data(), (byte) 0));
  }
}
