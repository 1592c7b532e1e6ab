package io.diskcrypt.ade;

import io.diskcrypt.ade.bitlocker.BekFile;
import io.diskcrypt.ade.bitlocker.BitLocker;
import io.diskcrypt.ade.bitlocker.BitLockerException;
import io.diskcrypt.ade.bitlocker.BitLockerFormatResult;
import io.diskcrypt.ade.bitlocker.BitLockerOptions;
import io.diskcrypt.ade.bitlocker.BitLockerVolume;
import io.diskcrypt.ade.bitlocker.EncryptionMethod;
import io.diskcrypt.ade.bitlocker.MetadataPlacement;
import io.diskcrypt.ade.internal.SliceDevice;
import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What the Windows guest does under ADE: BitLocker with an external-key ({@code .BEK}) protector and
 * XTS-AES-256 (what ADE sets from Windows 10 1511 / Server 2016; older releases are refused by
 * {@link SupportedImages}). No recovery password: ADE does not create one.
 *
 * <p>The guest formats with {@link MetadataPlacement#END}: BitLocker's reserved areas (metadata copies and
 * the relocated boot sectors) in the volume's last {@link BitLocker#RESERVED_BYTES} bytes, so encrypting
 * in place needs that tail free, as the LUKS data shift does; Windows itself spreads them and moves the
 * file system's clusters out of their way, which this simulation does not model. The guest's file
 * system therefore sees the data device up to that tail.
 *
 * <p>Each volume has its own BEK, kept as its own vault secret (base64), tagged with its volume letter.
 */
final class WindowsGuest implements Guest {
  /** A freshly encrypted volume and its BEK file (the caller wipes it). */
  private record Formatted(OpenVolume volume, byte[] bekFile, String guid, long volumeSectors, String description) {}

  private final VirtualMachine vm;

  WindowsGuest(VirtualMachine vm) {
    this.vm = vm;
  }

  @Override
  public void encrypt(EnablePlan plan, AdeSettings settings, CrashInjector crash, VmEncryption ade)
      throws GeneralSecurityException {
    for (VirtualDisk disk : plan.targets()) {
      Formatted formatted = encrypt(disk, vm.image(), vm.account());
      String secretUrl;
      try {
        secretUrl = ade.storeSecret(plan, settings, formatted.guid(), formatted.bekFile(),
            formatted.guid().toUpperCase(Locale.ROOT) + ".BEK", Optional.of(volumeLetter(disk)));
      } catch (GeneralSecurityException | RuntimeException e) {
        // the BEK exists nowhere else: decrypt again rather than leave data no one can unlock
        InPlaceConversion.decrypt(disk, formatted.volume(), 0, formatted.volumeSectors(), vm.account());
        throw e;
      } finally {
        Arrays.fill(formatted.bekFile(), (byte) 0);
      }
      ade.remember(disk, new EncryptedDisk(disk.name(), EncryptedDisk.managedDiskOf(disk), disk.role(), secretUrl,
          plan.kekUrl(), settings.keyEncryptionAlgorithm(), formatted.description(), 0, formatted.volumeSectors()),
          formatted.volume(), plan);
    }
  }

  @Override
  public OpenVolume unlock(VirtualDisk disk, EncryptedDisk record, byte[] secret) throws GeneralSecurityException {
    if (record.role() == DiskRole.TEMP && disk.hostMedia().sectorsHeld() == 0) {
      // the host gave the VM a fresh temp disk (deallocation): ADE formats and encrypts it again
      return reformatTemp(disk, secret, vm.image(), vm.account());
    }
    return unlock(disk, secret);
  }

  @Override
  public byte[] newSecret() {
    throw noRotation();
  }

  @Override
  public void replaceSecret(VirtualDisk disk, OpenVolume volume, byte[] secret) {
    throw noRotation();
  }

  private AdeRefusedException noRotation() {
    return new AdeRefusedException("passphrase rotation (a new LUKS keyslot) is ADE for Linux's; on Windows (VM "
        + vm.name() + ") rotate the key-encryption key by enabling ADE again with its new version");
  }

  @Override
  public String encodeSecret(byte[] secret) {
    return Base64.getEncoder().encodeToString(secret);
  }

  @Override
  public byte[] decodeSecret(String stored) {
    return Base64.getDecoder().decode(stored);
  }

  /** Windows decrypts any encrypted volume: the OS volume, the data volumes, or all. */
  @Override
  public void checkDisable(VolumeType type, Collection<EncryptedDisk> encrypted) {}

  private String volumeLetter(VirtualDisk disk) {
    return switch (disk.role()) {
      case OS -> "C:";
      case TEMP -> "D:";
      case DATA -> (char) ('F' + vm.dataDisks().indexOf(disk)) + ":";
    };
  }

  /** The BitLocker method ADE uses on {@code image} (only XTS-AES-256 images pass preflight). */
  private static EncryptionMethod method(Image image) {
    SupportedImages.windows(image);
    return EncryptionMethod.XTS_AES_256;
  }

  /**
   * Encrypts {@code disk} with BitLocker: in place for the OS and data volumes, formatting the temp disk.
   *
   * @throws AdeRefusedException when data lies in the tail BitLocker's metadata needs
   */
  private static Formatted encrypt(VirtualDisk disk, Image image, CpuAccount payer) throws GeneralSecurityException {
    EncryptionMethod method = method(image);
    long volumeSectors = volumeSectors(disk);
    BitLockerFormatResult[] made = new BitLockerFormatResult[1];
    try {
      OpenVolume volume = InPlaceConversion.encrypt(disk, disk.role() != DiskRole.TEMP, volumeSectors,
          "BitLocker's metadata", () -> {
            made[0] = BitLocker.format(disk, options(method, disk), payer);
            return open(disk, made[0].bek());
          }, payer);
      BekFile bek = made[0].bek();
      return new Formatted(volume, bek.toBytes(), bek.guid().toString(), volumeSectors,
          "BitLocker " + method.name().replace('_', '-') + ", external key protector " + bek.fileName());
    } finally {
      if (made[0] != null) {
        made[0].bek().close();
      }
    }
  }

  /**
   * Formats a fresh temp disk (the host wiped it at deallocation) again with the BEK kept in the vault,
   * so that the next start opens it with the same secret.
   *
   * @throws GeneralSecurityException when the BEK file is malformed
   */
  private static OpenVolume reformatTemp(VirtualDisk disk, byte[] bekFile, Image image, CpuAccount payer)
      throws GeneralSecurityException {
    try (BekFile bek = BekFile.parse(bekFile)) {
      OpenVolume volume = InPlaceConversion.encrypt(disk, false, volumeSectors(disk), "BitLocker's metadata", () -> {
        BitLocker.formatWithExternalKey(disk, options(method(image), disk), bek, payer).bek().close();
        return open(disk, bek);
      }, payer);
      return volume;
    } catch (BitLockerException e) {
      throw new GeneralSecurityException("BEK for " + disk.describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code disk}'s volume with the {@code .BEK} file bytes.
   *
   * @throws GeneralSecurityException when the metadata is damaged or the BEK does not open it
   */
  private static OpenVolume unlock(VirtualDisk disk, byte[] bekFile) throws GeneralSecurityException {
    try (BekFile bek = BekFile.parse(bekFile)) {
      return open(disk, bek);
    } catch (BitLockerException e) {
      throw new GeneralSecurityException("BitLocker volume on " + disk.describe() + ": " + e.getMessage(), e);
    }
  }

  private static long volumeSectors(VirtualDisk disk) {
    return (disk.sizeBytes() - BitLocker.RESERVED_BYTES) / disk.sectorSize().bytes();
  }

  /**
   * The volume's settings; its creation time (which also seeds the metadata's AES-CCM nonces) is the
   * simulated time, so a seeded run formats the same bytes every time.
   */
  private static BitLockerOptions options(EncryptionMethod method, VirtualDisk disk) {
    return BitLockerOptions.defaults().withMethod(method).withSectorSize(disk.sectorSize())
        .withDescription("ADE " + disk.describe()).withPlacement(MetadataPlacement.END)
        .withCreationTime(disk.vm().cloud().clock().instant());
  }

  private static OpenVolume open(VirtualDisk disk, BekFile bek) throws GeneralSecurityException {
    BitLockerVolume volume;
    try {
      volume = BitLocker.open(disk, bek);
    } catch (BitLockerException e) {
      throw new GeneralSecurityException("BitLocker volume on " + disk.describe() + ": " + e.getMessage(), e);
    }
    return new OpenVolume() {
      @Override
      public BlockDevice dataDevice(CpuAccount payer) {
        return new SliceDevice(volume.dataDevice(payer), 0, disk.sectorSize(), volumeSectors(disk));
      }

      @Override
      public void close() {
        volume.close();
      }
    };
  }
}
