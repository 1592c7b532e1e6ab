package io.diskcrypt.ade;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.VaultKind;
import io.diskcrypt.keyvault.VaultObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ADE's prerequisites, checked before anything changes: image, VM, disks, settings, vault and KEK. Each
 * refusal is an {@link AdeRefusedException} naming the rule; a vault or KEK that cannot be used (missing,
 * forbidden, disabled) is a {@link KeyAccessException} naming it.
 */
final class Preflight {
  private static final Pattern PORT = Pattern.compile("^https://[^/]+:\\d+(/.*)?$");

  private Preflight() {}

  static EnablePlan check(VirtualMachine vm, AdeSettings settings, VmEncryption state, VaultGateway vaults)
      throws KeyAccessException {
    boolean windows = SupportedImages.isWindows(vm.image());
    SupportedImages.LinuxProfile linux = null;
    SupportedImages.WindowsProfile win = null;
    if (windows) {
      win = SupportedImages.windows(vm.image());
      checkWindowsSettings(settings, state.isEncrypted(vm.osDisk()));
    } else {
      linux = SupportedImages.linux(vm.image());
      if (linux.dataOnly() && settings.volumeType().includesOs()) {
        throw new AdeRefusedException("image " + vm.image().osVersion() + " supports ADE on data disks only"
            + " (Microsoft Learn's list of supported Linux images): use VolumeType Data, not "
            + settings.volumeType().wireName());
      }
    }
    checkSize(vm, settings, windows);
    checkPlatform(vm);
    VaultGateway.VaultFacts vault = checkVault(vm, settings.keyVaultUrl(), "KeyVaultURL", settings, vaults);
    Optional<VaultGateway.VaultFacts> kekVault = Optional.empty();
    if (settings.keyEncryptionKeyUrl().isPresent()) {
      String kekUrl = settings.keyEncryptionKeyUrl().get();
      VaultObjectId id = checkKekUrl(kekUrl);
      kekVault = Optional.of(checkVault(vm, "https://" + id.vault() + ".vault.azure.net/",
          "the vault of KeyEncryptionKeyURL", settings, vaults));
      checkKek(kekUrl, settings, win, vaults);
    }
    List<VirtualDisk> targets = targets(vm, settings, state, windows);
    if (linux != null && !linux.luks2()) {
      for (VirtualDisk disk : targets) {
        if (disk.sectorSize() != SectorSize.S512) {
          throw new AdeRefusedException("disk " + disk.describe() + " has " + disk.sectorSize().bytes()
              + "-byte sectors, but image " + vm.image().osVersion() + " formats LUKS1, which allows only 512");
        }
      }
    }
    return new EnablePlan(linux, targets, vault, settings.keyEncryptionKeyUrl(), kekVault);
  }

  private static void checkWindowsSettings(AdeSettings settings, boolean osEncrypted) {
    if (settings.operation() == EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL) {
      throw new AdeRefusedException("EncryptionOperation EnableEncryptionFormatAll is for Linux only;"
          + " use EnableEncryption on Windows");
    }
    if (settings.volumeType() == VolumeType.DATA && !osEncrypted) {
      throw new AdeRefusedException("Windows cannot encrypt data volumes without the OS volume:"
          + " use VolumeType OS or All (VolumeType Data only once the OS volume is encrypted)");
    }
  }

  /**
   * The size rules of Microsoft Learn's "Supported VMs" (Linux 02/2026, Windows): not on Basic or
   * A-series sizes; Linux not on v6 sizes with a temp disk nor on v7 and later; enough memory.
   */
  private static void checkSize(VirtualMachine vm, AdeSettings settings, boolean windows) {
    VmSize size = vm.size();
    if (size.basicTier()) {
      throw new AdeRefusedException("VM " + vm.name() + " has the Basic-tier size " + size.name()
          + ": ADE is not available on Basic sizes");
    }
    if (size.family().equals("A")) {
      throw new AdeRefusedException("VM " + vm.name() + " has the A-series size " + size.name()
          + ": ADE is not available on A-series sizes");
    }
    if (!windows && size.seriesVersion() >= 7) {
      throw new AdeRefusedException("VM " + vm.name() + " has the v" + size.seriesVersion() + " size " + size.name()
          + ": ADE for Linux is not available on v7 and later sizes");
    }
    if (!windows && size.seriesVersion() == 6 && size.hasTempDisk()) {
      throw new AdeRefusedException("VM " + vm.name() + " has the v6 size " + size.name() + " with a temp disk:"
          + " ADE for Linux is not available on v6 sizes with a temp disk (use one without, such as Dsv6)");
    }
    boolean os = settings.volumeType().includesOs();
    long rootUsage = os && !windows ? usedBytes(vm.osDisk()) : 0;
    long needGiB = minimumMemoryGiB(windows, os, rootUsage);
    if (size.memoryGiB() < needGiB) {
      throw new AdeRefusedException("VM " + vm.name() + " has " + size.memoryGiB() + " GiB of memory (" + size.name()
          + "): ADE needs at least " + needGiB + " GiB " + (windows ? "on Windows"
          : os ? "to encrypt the OS volume (8 GiB, or twice the root file system's " + rootUsage
          + " bytes in use when that is over 4 GiB)" : "to encrypt data volumes"));
    }
  }

  /**
   * ADE's minimum memory in GiB: Windows 2; Linux data volumes only 2; Linux with the OS volume 8, or
   * twice the root file system's usage when that is over 4 GiB (the root is copied to a tmpfs).
   */
  static long minimumMemoryGiB(boolean windows, boolean osVolume, long rootUsageBytes) {
    if (windows || !osVolume) {
      return 2;
    }
    long fourGiB = 4L << 30;
    return rootUsageBytes <= fourGiB ? 8 : ceilGiB(2 * rootUsageBytes);
  }

  private static long ceilGiB(long bytes) {
    return (bytes + (1L << 30) - 1) >> 30;
  }

  /** The bytes the guest has written to {@code disk}: the simulation's root file system usage. */
  private static long usedBytes(VirtualDisk disk) {
    return disk.managedDisk().media().sectorsHeld() * disk.sectorSize().bytes();
  }

  private static void checkPlatform(VirtualMachine vm) {
    if (vm.securityProfile().encryptionAtHost()) {
      throw new AdeRefusedException("VM " + vm.name() + " has encryption at host"
          + " (securityProfile.encryptionAtHost=true): ADE and encryption at host cannot be combined");
    }
    for (VirtualDisk disk : vm.disks()) {
      Optional<EncryptionType> type = disk.role().managed()
          ? disk.managedDisk().encryption().map(DiskEncryption::type) : Optional.empty();
      if (type.filter(EncryptionType::usesCustomerKey).isPresent()) {
        throw new AdeRefusedException("disk " + disk.managedDisk().name() + " of VM " + vm.name() + " uses server-side"
            + " encryption with a customer-managed key (" + type.get().wireName()
            + "): ADE is not supported on VMs with SSE+CMK disks");
      }
    }
  }

  private static VaultGateway.VaultFacts checkVault(VirtualMachine vm, String url, String what,
      AdeSettings settings, VaultGateway vaults) throws KeyAccessException {
    KeyVaultGateway.vaultName(url);
    VaultGateway.VaultFacts facts = vaults.vault(url, settings.caller());
    if (!facts.enabledForDiskEncryption()) {
      throw new AdeRefusedException(what + ": vault '" + facts.name() + "' does not have enabledForDiskEncryption;"
          + " set it (az keyvault update --enabled-for-disk-encryption true)");
    }
    if (!facts.region().equalsIgnoreCase(vm.region())) {
      throw new AdeRefusedException(what + ": vault '" + facts.name() + "' is in region " + facts.region()
          + " but VM " + vm.name() + " is in " + vm.region() + ": ADE needs the vault in the VM's region");
    }
    if (!facts.subscription().equals(vm.subscription())) {
      throw new AdeRefusedException(what + ": vault '" + facts.name() + "' is in subscription "
          + facts.subscription() + " but VM " + vm.name() + " is in " + vm.subscription()
          + ": ADE needs the vault in the VM's subscription");
    }
    return facts;
  }

  private static VaultObjectId checkKekUrl(String kekUrl) {
    if (PORT.matcher(kekUrl).matches()) {
      throw new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl + "' must not contain a port");
    }
    VaultObjectId id = VaultObjectId.tryParse(kekUrl).filter(VaultObjectId::isKey).orElseThrow(() ->
        new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl
            + "' is not a key URL https://{vault}.vault.azure.net/keys/{name}/{version}"));
    if (id.kind() != VaultKind.KEY_VAULT) {
      throw new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl + "' is a " + id.kind().displayName()
          + " key: ADE supports key-encryption keys in Azure Key Vault only (Premium for an HSM-protected key)");
    }
    if (!id.isVersioned()) {
      throw new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl + "' must carry the key's version"
          + " (https://{vault}.vault.azure.net/keys/{name}/{version})");
    }
    return id;
  }

  private static void checkKek(String kekUrl, AdeSettings settings, SupportedImages.WindowsProfile win,
      VaultGateway vaults) throws KeyAccessException {
    VaultGateway.KeyFacts kek = vaults.key(kekUrl, settings.caller());
    if (!kek.rsa()) {
      throw new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl + "' is not an RSA key: ADE supports only"
          + " RSA key-encryption keys");
    }
    if (!kek.enabled()) {
      throw new KeyAccessException(kekUrl, KeyAccessException.Reason.DISABLED,
          "KeyEncryptionKeyURL '" + kekUrl + "' is disabled");
    }
    if (win != null && win.rsa2048KekRefused() && kek.bits() <= 2048) {
      throw new AdeRefusedException("KeyEncryptionKeyURL '" + kekUrl + "' is RSA-" + kek.bits()
          + ": Windows Server 2022 and Windows 11 do not work with RSA-2048 KEKs; use RSA 3072 or 4096");
    }
  }

  private static List<VirtualDisk> targets(VirtualMachine vm, AdeSettings settings, VmEncryption state,
      boolean windows) {
    VolumeType type = settings.volumeType();
    boolean formatAll = settings.operation() == EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL;
    List<VirtualDisk> out = new ArrayList<>();
    for (VirtualDisk disk : vm.disks()) {
      boolean wanted = switch (disk.role()) {
        case OS -> type.includesOs();
        case DATA -> type.includesData();
        // Windows: with VolumeType All; Linux: only EncryptFormatAll with VolumeType Data or All
        case TEMP -> windows ? type == VolumeType.ALL : formatAll && type.includesData();
      };
      if (wanted && !state.isEncrypted(disk)) {
        out.add(disk);
      }
    }
    return out;
  }

  /** True when this disk is formatted rather than encrypted in place. */
  static boolean formats(VirtualDisk disk, AdeSettings settings) {
    return disk.role() == DiskRole.TEMP
        || (disk.role() == DiskRole.DATA && settings.operation() == EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL);
  }
}
