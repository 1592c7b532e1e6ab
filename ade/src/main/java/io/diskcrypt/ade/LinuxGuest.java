package io.diskcrypt.ade;

import io.diskcrypt.ade.internal.SliceDevice;
import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksException;
import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.ade.luks.LuksVolume;
import io.diskcrypt.ade.luks.SimulatedCrashException;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the Linux guest does under ADE: dm-crypt over LUKS volumes.
 *
 * <p>The OS volume keeps its LUKS header detached, as ADE's {@code /boot/luks/osluksheader}: the
 * simulation models the unencrypted /boot partition as the OS disk's last {@link #RESERVED_BYTES} bytes,
 * and the header file as that region, so the root volume covers the rest of the disk with no data
 * shift. Data and temp volumes carry their header at the start of the disk (data offset 16 MiB for
 * LUKS2, 2 MiB for LUKS1).
 *
 * <p>One passphrase (a vault secret) opens every volume of the VM. An OS volume encrypted by the full,
 * crash-resumable pass that a crash cut short is resumed by the next enable, with the same passphrase.
 */
final class LinuxGuest implements Guest {
  /** The /boot partition (holding the detached header) at the end of the OS disk; room for a LUKS2 header. */
  static final long RESERVED_BYTES = Luks.LUKS2_METADATA_BYTES;
  /** The file name ADE for Linux gives the passphrase on the BEK volume. */
  static final String KEY_FILE = "LinuxPassPhraseFileName";

  private final VirtualMachine vm;
  private final AdeOptions options;
  /** The LUKS options each encrypted disk was formatted with, by disk name. */
  private final Map<String, LuksFormatOptions> formats = new HashMap<>();
  /** The OS volume whose full in-place pass was cut by a crash, to resume. */
  private EncryptedDisk pendingOs;

  LinuxGuest(VirtualMachine vm, AdeOptions options) {
    this.vm = vm;
    this.options = options;
  }

  @Override
  public void encrypt(EnablePlan plan, AdeSettings settings, CrashInjector crash, VmEncryption ade)
      throws GeneralSecurityException {
    if (plan.targets().isEmpty()) {
      return;
    }
    // a run that crashed during the OS volume's full pass resumes with the passphrase it stored
    EncryptedDisk resumed = pendingOs;
    byte[] passphrase = resumed != null ? ade.fetch(resumed) : newPassphrase();
    try {
      String secretUrl = resumed != null ? resumed.secretUrl()
          : ade.storeSecret(plan, settings, Randomness.uuid().toString(), passphrase, KEY_FILE, Optional.empty());
      Optional<String> kekUrl = resumed != null ? resumed.kekUrl() : plan.kekUrl();
      KeyEncryptionAlgorithm algorithm = resumed != null ? resumed.algorithm() : settings.keyEncryptionAlgorithm();
      for (VirtualDisk disk : plan.targets()) {
        LuksFormatOptions luks = resumed != null && disk.role() == DiskRole.OS ? formats.get(disk.name())
            : luksOptions(plan.linux(), disk);
        boolean full = fullPass(disk, luks, options.fullPassLimitBytes());
        String format = luks.version() + " aes-xts-plain64 " + luks.keyBits() + "-bit, "
            + headerLocation(disk.role()) + (full ? ", encrypted in place by a full resumable pass" : "");
        EncryptedDisk record = new EncryptedDisk(disk.name(), EncryptedDisk.managedDiskOf(disk), disk.role(),
            secretUrl, kekUrl, algorithm, format, shiftSectors(disk, luks), volumeSectors(disk, luks));
        formats.put(disk.name(), luks);
        OpenVolume volume = full ? encryptOsFullPass(disk, passphrase, record, luks, crash)
            : encrypt(disk, passphrase, luks, !Preflight.formats(disk, settings), vm.account());
        ade.remember(disk, record, volume, plan);
      }
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  private OpenVolume encryptOsFullPass(VirtualDisk disk, byte[] passphrase, EncryptedDisk record,
      LuksFormatOptions luks, CrashInjector crash) throws GeneralSecurityException {
    boolean resuming = pendingOs != null;
    pendingOs = record;
    try {
      OpenVolume volume = encryptOsFullPass(disk, passphrase, luks, vm.account(), crash, resuming);
      pendingOs = null;
      return volume;
    } catch (SimulatedCrashException e) {
      // the caller stops the VM once ADE's lock is released (the stop hook runs under the VM's lock)
      throw new VmEncryption.GuestCrashedException("VM " + vm.name() + " crashed during in-place encryption of"
          + " its OS volume: start it and enable ADE again to resume", e);
    } catch (AdeRefusedException e) {
      pendingOs = null;
      throw e;
    }
  }

  @Override
  public OpenVolume unlock(VirtualDisk disk, EncryptedDisk record, byte[] secret) throws GeneralSecurityException {
    LuksFormatOptions luks = formats.get(disk.name());
    if (record.role() == DiskRole.TEMP && disk.hostMedia().sectorsHeld() == 0) {
      // the host gave the VM a fresh temp disk (deallocation): ADE formats and encrypts it again
      return encrypt(disk, secret, luks, false, vm.account());
    }
    return unlock(disk, secret, luks);
  }

  @Override
  public byte[] newSecret() {
    return newPassphrase();
  }

  /**
   * As {@code cryptsetup luksAddKey} then {@code luksKillSlot}: a keyslot for the new passphrase (the
   * image's KDF), then the old keyslots wiped. Only the header's keyslot area changes.
   */
  @Override
  public void replaceSecret(VirtualDisk disk, OpenVolume volume, byte[] secret) throws GeneralSecurityException {
    LuksVolume luks = ((LuksOpenVolume) volume).luks();
    try {
      Set<Integer> old = luks.header().keyslots().keySet();
      luks.addKeyslot(secret, formats.get(disk.name()).kdf());
      for (int slot : List.copyOf(old)) {
        luks.removeKeyslot(slot);
      }
    } catch (LuksException e) {
      throw new GeneralSecurityException("new keyslot on " + disk.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String encodeSecret(byte[] secret) {
    return new String(secret, StandardCharsets.US_ASCII);
  }

  @Override
  public byte[] decodeSecret(String stored) {
    return stored.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void checkDisable(VolumeType type, Collection<EncryptedDisk> encrypted) {
    if (encrypted.stream().anyMatch(d -> d.role() == DiskRole.OS)) {
      throw new AdeRefusedException("ADE for Linux cannot disable encryption once the OS volume is encrypted"
          + " (VM " + vm.name() + "): only VMs with encrypted data volumes alone can be decrypted; to leave ADE,"
          + " create a new VM (its disks created by upload, the data copied in) and use encryption at host there");
    }
    if (type == VolumeType.OS) {
      throw new AdeRefusedException("VM " + vm.name() + " has no encrypted OS volume to disable");
    }
  }

  /** ADE's passphrase: 127 random bytes, base64 (172 ASCII characters); these bytes are what LUKS gets. */
  static byte[] newPassphrase() {
    byte[] raw = new byte[127];
    Randomness.source().nextBytes(raw);
    try {
      return Base64.getEncoder().encode(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private LuksFormatOptions luksOptions(SupportedImages.LinuxProfile profile, VirtualDisk disk) {
    // ADE's plain luksFormat: the image's cryptsetup decides version, key size and LUKS2 KDF type
    LuksFormatOptions base = profile.luks2()
        ? options.luks2().toBuilder().kdf(options.luks2Kdf(profile.kdf())).build() : options.luks1();
    return base.toBuilder().keyBits(profile.keyBits()).sectorSize(disk.sectorSize()).build();
  }

  /** Where the header of {@code disk}'s volume lives, for status and documentation. */
  private static String headerLocation(DiskRole role) {
    return role == DiskRole.OS
        ? "detached header /boot/luks/osluksheader (simulated /boot: the OS disk's last 16 MiB)"
        : "attached header";
  }

  /** Sectors of the data area of {@code disk}'s volume. */
  private static long volumeSectors(VirtualDisk disk, LuksFormatOptions options) {
    return disk.sectorCount() - reservedSectors(disk, options);
  }

  /** The raw-to-logical shift: the attached header's size in sectors, 0 for the OS volume. */
  private static long shiftSectors(VirtualDisk disk, LuksFormatOptions options) {
    return disk.role() == DiskRole.OS ? 0 : reservedSectors(disk, options);
  }

  private static long reservedSectors(VirtualDisk disk, LuksFormatOptions options) {
    long bytes = disk.role() == DiskRole.OS ? RESERVED_BYTES : Luks.attachedDataOffset(options);
    return bytes / disk.sectorSize().bytes();
  }

  /** Encrypts {@code disk}, keeping its data when {@code keep}; the volume is returned unlocked. */
  private static OpenVolume encrypt(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options, boolean keep,
      CpuAccount payer) throws GeneralSecurityException {
    long volumeSectors = volumeSectors(disk, options);
    String purpose = disk.role() == DiskRole.OS ? "the /boot partition holding the detached LUKS header"
        : "the data shift of the attached LUKS header";
    return InPlaceConversion.encrypt(disk, keep, volumeSectors, purpose, () -> wrap(
        disk.role() == DiskRole.OS
            ? Luks.formatDetached(header(disk, options), slice(disk, 0, volumeSectors), passphrase, options)
            : Luks.format(disk, passphrase, options)), payer);
  }

  /** True when ADE encrypts this disk with the full, resumable pass (LUKS2 OS volumes up to the limit). */
  private static boolean fullPass(VirtualDisk disk, LuksFormatOptions options, long limitBytes) {
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
  private static OpenVolume encryptOsFullPass(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options,
      CpuAccount payer, CrashInjector crash, boolean resuming) throws GeneralSecurityException {
    long volumeSectors = volumeSectors(disk, options);
    if (!resuming) {
      InPlaceConversion.requireFits(disk, InPlaceConversion.writtenSectors(disk), volumeSectors,
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
  private static OpenVolume unlock(VirtualDisk disk, byte[] passphrase, LuksFormatOptions options)
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
    return new LuksOpenVolume(volume);
  }

  /** An unlocked LUKS volume. */
  private record LuksOpenVolume(LuksVolume luks) implements OpenVolume {
    @Override
    public BlockDevice dataDevice(CpuAccount payer) {
      return luks.dataDevice(payer);
    }

    @Override
    public void close() {
      luks.close();
    }
  }

}
