package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksException;
import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.ade.luks.LuksVolume;
import io.diskcrypt.ade.luks.SliceDevice;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import java.security.GeneralSecurityException;

/**
 * What the Linux guest does under ADE: dm-crypt over LUKS volumes.
 *
 * <p>The OS volume keeps its LUKS header detached, as ADE's {@code /boot/luks/osluksheader}: the
 * simulation models the unencrypted /boot partition as the OS disk's last {@link #RESERVED_BYTES} bytes,
 * and the header file as that region, so the root volume covers the rest of the disk with no data
 * shift. Data and temp volumes carry their header at the start of the disk (data offset 16 MiB for
 * LUKS2, 2 MiB for LUKS1).
 */
final class LinuxGuest {
  /** The /boot partition (holding the detached header) at the end of the OS disk; room for a LUKS2 header. */
  static final long RESERVED_BYTES = Luks.LUKS2_METADATA_BYTES;

  private LinuxGuest() {}

  /** Where the header of {@code disk}'s volume lives, for status and documentation. */
  static String headerLocation(DiskRole role) {
    return role == DiskRole.OS
        ? "detached header /boot/luks/osluksheader (simulated /boot: the OS disk's last 16 MiB)"
        : "attached header";
  }

  /** Sectors of the data area of {@code disk}'s volume. */
  static long volumeSectors(VirtualDisk disk, LuksFormatOptions options) {
    return disk.sectorCount() - reservedSectors(disk, options);
  }

  /** The raw-to-logical shift: the attached header's size in sectors, 0 for the OS volume. */
  static long shiftSectors(VirtualDisk disk, LuksFormatOptions options) {
    return disk.role() == DiskRole.OS ? 0 : reservedSectors(disk, options);
  }

  private static long reservedSectors(VirtualDisk disk, LuksFormatOptions options) {
    long bytes = disk.role() == DiskRole.OS ? RESERVED_BYTES : Luks.attachedDataOffset(options);
    return bytes / disk.sectorSize().bytes();
  }

  /** Encrypts {@code disk}, keeping its data when {@code keep}; the volume is returned unlocked. */
  static OpenVolume encrypt(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options, boolean keep,
      CpuAccount payer) throws GeneralSecurityException {
    long volumeSectors = volumeSectors(disk, options);
    String purpose = disk.role() == DiskRole.OS ? "the /boot partition holding the detached LUKS header"
        : "the data shift of the attached LUKS header";
    return InPlaceEncryption.encrypt(disk, keep, volumeSectors, purpose, () -> wrap(
        disk.role() == DiskRole.OS
            ? Luks.formatDetached(header(disk, options), slice(disk, 0, volumeSectors), passphrase, options)
            : Luks.format(disk, passphrase, options)), payer);
  }

  /** True when ADE encrypts this disk with the full, resumable pass (LUKS2 OS volumes up to the limit). */
  static boolean fullPass(VirtualDisk disk, LuksFormatOptions options, long limitBytes) {
    return disk.role() == DiskRole.OS && options.version() == LuksVersion.LUKS2
        && volumeSectors(disk, options) * disk.sectorSize().bytes() <= limitBytes;
  }

  /**
   * Encrypts the OS volume in place behind its detached header with a full pass that survives a crash
   * at any write: calling it again after {@link io.diskcrypt.ade.luks.SimulatedCrashException} with the
   * same passphrase resumes where it stopped ({@code resuming}: the header is already in /boot).
   *
   * @throws AdeRefusedException when data lies in the /boot partition's place
   */
  static OpenVolume encryptOsFullPass(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options,
      CpuAccount payer, CrashInjector crash, boolean resuming) throws GeneralSecurityException {
    long volumeSectors = volumeSectors(disk, options);
    if (!resuming) {
      InPlaceEncryption.requireFits(disk, InPlaceEncryption.writtenSectors(disk), volumeSectors,
          "the /boot partition holding the detached LUKS header");
    }
    try {
      return wrap(Luks.encryptInPlace(header(disk, options), slice(disk, 0, volumeSectors), passphrase, options,
          payer, crash));
    } catch (LuksException e) {
      throw new GeneralSecurityException("in-place encryption of " + disk.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code disk}'s volume with {@code passphrase}.
   *
   * @throws GeneralSecurityException when the header is damaged or the passphrase opens no keyslot
   */
  static OpenVolume unlock(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options)
      throws GeneralSecurityException {
    try {
      if (disk.role() == DiskRole.OS) {
        return wrap(Luks.openDetached(header(disk, options), slice(disk, 0, volumeSectors(disk, options)),
            passphrase));
      }
      return wrap(Luks.open(disk, passphrase));
    } catch (LuksException e) {
      throw new GeneralSecurityException("LUKS volume on " + disk.describe() + ": " + e.getMessage(), e);
    }
  }

  private static BlockDevice header(VirtualDisk disk, LuksFormatOptions options) {
    long volumeSectors = volumeSectors(disk, options);
    return slice(disk, volumeSectors, disk.sectorCount() - volumeSectors);
  }

  /** Sectors {@code [first, first + count)} of {@code disk}, as a partition of it. */
  static BlockDevice slice(VirtualDisk disk, long first, long count) {
    return new SliceDevice(disk, first * disk.sectorSize().bytes(), disk.sectorSize(), count);
  }

  private static OpenVolume wrap(LuksVolume volume) {
    return new OpenVolume() {
      @Override
      public BlockDevice dataDevice(CpuAccount payer) {
        return volume.dataDevice(payer);
      }

      @Override
      public void close() {
        volume.close();
      }
    };
  }
}
