package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVaultService;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure Disk Encryption: the control plane of the {@code AzureDiskEncryptionForLinux} (dm-crypt/LUKS)
 * and {@code AzureDiskEncryption} (BitLocker) VM extensions, over a simulated {@link Cloud} and Key
 * Vault. Everything cryptographic runs in the guest and is charged to the VM's vCPU account.
 *
 * <pre>{@code
 * AzureDiskEncryption ade = new AzureDiskEncryption(cloud, vaultService);
 * vm.start();
 * ade.enable(vm, AdeSettings.builder("https://myvault.vault.azure.net/", user)
 *     .volumeType(VolumeType.ALL).build());
 * vm.osDisk().guestVolume().write(0, sector);   // through dm-crypt
 * }</pre>
 *
 * <p>Key chain, Linux: a passphrase (base64 of 127 random bytes) kept as a Key Vault secret, optionally
 * wrapped by an RSA key-encryption key, opens a LUKS keyslot, which yields the volume key (aes-xts-plain64).
 * Windows: the BEK file's external key, kept the same way, decrypts the VMK, which decrypts the FVEK.
 * At every start a boot hook fetches the secret (and unwraps it) and unlocks the volumes again; while
 * the VM runs, the volume keys stay in guest memory, so losing the secret or KEK shows only at the next
 * start.
 *
 * <p>Thread-safe: operations on one instance are serialised.
 */
public final class AzureDiskEncryption {
  /** The Linux extension's name (publisher {@code Microsoft.Azure.Security}). */
  public static final String LINUX_EXTENSION = "AzureDiskEncryptionForLinux";
  /** The Windows extension's name. */
  public static final String WINDOWS_EXTENSION = "AzureDiskEncryption";
  /**
   * The principal the platform uses to read ADE secrets and unwrap them at VM start, standing for the
   * access a vault's {@code enabledForDiskEncryption} flag grants.
   */
  public static final Identity PLATFORM = Identity.managed("Microsoft.Compute Azure Disk Encryption platform");
  /**
   * ADE's announced retirement: from this instant (simulated clock) ADE cannot be enabled and ADE disks
   * "will fail to unlock after VM reboots"; running VMs keep their unlocked volumes.
   */
  public static final Instant RETIREMENT = Instant.parse("2028-09-15T00:00:00Z");

  private final Cloud cloud;
  private final VaultGateway vaults;
  private final AdeOptions options;
  private final Map<VirtualMachine, VmEncryption> vms = new IdentityHashMap<>();
  private CrashInjector crash = CrashInjector.none();

  /** ADE in {@code cloud} with secrets in {@code vaultService}, formatting with {@link AdeOptions#defaults()}. */
  public AzureDiskEncryption(Cloud cloud, KeyVaultService vaultService) {
    this(cloud, vaultService, AdeOptions.defaults());
  }

  /** ADE with explicit guest formatting options (cheap KDFs for tests: {@link AdeOptions#cheapKdf()}). */
  public AzureDiskEncryption(Cloud cloud, KeyVaultService vaultService, AdeOptions options) {
    this(cloud, new KeyVaultGateway(Objects.requireNonNull(vaultService, "vaultService")), options);
  }

  AzureDiskEncryption(Cloud cloud, VaultGateway vaults, AdeOptions options) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.vaults = Objects.requireNonNull(vaults, "vaults");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Enables ADE on a running VM with the extension settings {@code settings}: validates everything,
   * stores the secret(s) in the vault, encrypts the selected volumes in the guest (in place, keeping
   * data; EnableEncryptionFormatAll formats data and temp volumes instead), mounts them, and records the
   * extension and the disks' encryption settings. Running it again encrypts only what is not yet
   * encrypted.
   *
   * @return the status afterwards
   * @throws AdeRefusedException when the image, VM, disks, vault, key or settings do not meet ADE's
   *     rules; the message names the rule (nothing has changed)
   * @throws KeyAccessException when a vault, the KEK or the secret cannot be used (missing, forbidden,
   *     disabled, throttled...): {@link KeyAccessException#keyId()} is its URL, {@link
   *     KeyAccessException#reason()} says why
   * @throws GeneralSecurityException when the guest cannot format or open a volume
   * @throws IllegalStateException when the VM is not running (the extension runs in the guest)
   */
  public synchronized AdeStatus enable(VirtualMachine vm, AdeSettings settings) throws GeneralSecurityException {
    Objects.requireNonNull(settings, "settings");
    requireOurs(vm);
    if (settings.operation() == EncryptionOperation.DISABLE_ENCRYPTION) {
      throw new IllegalArgumentException("EncryptionOperation DisableEncryption: call disable(vm, volumeType)");
    }
    requireRunning(vm);
    if (!cloud.clock().instant().isBefore(RETIREMENT)) {
      throw new AdeRefusedException("Azure Disk Encryption was retired on 15 September 2028 (it is now "
          + cloud.clock().instant() + "): use encryption at host or confidential disk encryption");
    }
    VmEncryption state = vms.computeIfAbsent(vm, v -> new VmEncryption(v, vaults, options));
    EnablePlan plan = Preflight.check(vm, settings, state, vaults);
    try {
      return state.enable(plan, settings, crash);
    } catch (VmEncryption.GuestCrashedException e) {
      vm.stop("the guest lost power during ADE's in-place encryption of the OS volume");
      throw e;
    }
  }

  /**
   * Disables ADE for {@code volumeType}: decrypts those volumes in place, keeping their data. The secret
   * stays in the vault, the disks stay marked as having had ADE. A volume whose disk is detached is
   * forgotten: it stays encrypted, and the disk keeps its encryption settings.
   *
   * @throws AdeRefusedException on Linux once the OS volume is encrypted (only data-only VMs can be
   *     decrypted), for a VM without ADE, or when an encrypted disk was attached while the VM ran and
   *     the guest has not unlocked it yet (restart the VM first)
   * @throws IllegalStateException when the VM is not running
   */
  public synchronized AdeStatus disable(VirtualMachine vm, VolumeType volumeType) {
    Objects.requireNonNull(volumeType, "volumeType");
    return encryptedAndRunning(vm).disable(volumeType);
  }

  /**
   * Rotates the secret the volumes open with, on a running Linux VM: a new passphrase in a new LUKS
   * keyslot of every encrypted volume (the image's KDF), the old keyslot wiped, as {@code cryptsetup
   * luksAddKey} then {@code luksKillSlot}; the passphrase is stored as a new version of its secret,
   * wrapped by the same KEK. Only the LUKS headers' keyslot areas change; no data sector does.
   *
   * <p>Rotating the key-encryption key instead is {@link #enable} again with the KEK's new version: the
   * secret is re-wrapped and stored as a new version, and no sector changes at all.
   *
   * @throws AdeRefusedException for a Windows VM or a VM without ADE
   * @throws GeneralSecurityException when the vault refuses (permission, disabled KEK...)
   * @throws IllegalStateException when the VM is not running (the volumes must be open)
   */
  public synchronized AdeStatus rotatePassphrase(VirtualMachine vm, Identity caller) throws GeneralSecurityException {
    Objects.requireNonNull(caller, "caller");
    return encryptedAndRunning(vm).rotateSecret(caller);
  }

  /** ADE's state of a VM that has encrypted volumes and runs: the guest does the work, so it must be up. */
  private VmEncryption encryptedAndRunning(VirtualMachine vm) {
    requireOurs(vm);
    VmEncryption state = vms.get(vm);
    if (state == null || state.disks().isEmpty()) {
      throw new AdeRefusedException("VM " + vm.name() + " has no volume encrypted by ADE");
    }
    requireRunning(vm);
    return state;
  }

  /** The encryption status of {@code vm}, as the extension reports it. */
  public synchronized AdeStatus status(VirtualMachine vm) {
    requireOurs(vm);
    VmEncryption state = vms.get(vm);
    if (state != null) {
      return state.status();
    }
    List<DiskEncryptionStatus> disks = new ArrayList<>();
    for (VirtualDisk disk : vm.disks()) {
      disks.add(new DiskEncryptionStatus(disk.name(), disk.role(), EncryptionState.NOT_ENCRYPTED,
          Optional.empty(), Optional.empty(), Optional.empty()));
    }
    return new AdeStatus(vm.name(), "", EncryptionState.NOT_ENCRYPTED, EncryptionState.NOT_ENCRYPTED, disks);
  }

  /** Tests: where the guest loses power during the OS volume's in-place encryption. */
  synchronized void injectCrash(CrashInjector injector) {
    crash = Objects.requireNonNull(injector, "injector");
  }

  private static void requireRunning(VirtualMachine vm) {
    if (vm.state() != VmState.RUNNING) {
      throw new IllegalStateException("ADE runs inside the guest: start VM " + vm.name() + " first (it is " + vm.state() + ")");
    }
  }

  private void requireOurs(VirtualMachine vm) {
    Objects.requireNonNull(vm, "vm");
    if (vm.cloud() != cloud) {
      throw new IllegalArgumentException("VM " + vm.name() + " is in " + vm.cloud() + ", not in " + cloud);
    }
  }
}
