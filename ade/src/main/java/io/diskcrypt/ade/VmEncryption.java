package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.SimulatedCrashException;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * ADE's state for one VM: the encrypted disks, the volumes unlocked in guest memory, and the guest
 * work at enable, boot, stop and disable. The VM model (extension, settings, disk encryption settings)
 * is written here too. Guarded by the owning {@link AzureDiskEncryption}'s lock, except the boot and
 * stop hooks, which the VM runs under its own lock and which synchronise on this object.
 */
final class VmEncryption {
  /** ADE's content type for a secret wrapped by a KEK. */
  static final String WRAPPED = "Wrapped BEK";
  /** Content type of an unwrapped secret. */
  static final String PLAIN = "BEK";
  /** The file name ADE for Linux gives the passphrase on the BEK volume. */
  static final String LINUX_KEY_FILE = "LinuxPassPhraseFileName";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final VirtualMachine vm;
  private final VaultGateway vaults;
  private final AdeOptions options;
  private final boolean windows;
  private final Map<String, EncryptedDisk> disks = new LinkedHashMap<>();
  /** Guarded by itself, not by this object: the VM's stop hook takes only this lock. */
  private final Map<String, OpenVolume> open = new LinkedHashMap<>();
  private boolean hooked;
  /** The OS volume whose full in-place pass was cut by a crash, to resume. */
  private EncryptedDisk pendingOs;

  VmEncryption(VirtualMachine vm, VaultGateway vaults, AdeOptions options) {
    this.vm = vm;
    this.vaults = vaults;
    this.options = options;
    this.windows = SupportedImages.isWindows(vm.image());
  }

  /** The guest lost power in the middle of enabling: the VM must be stopped. */
  static final class GuestCrashedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    GuestCrashedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  synchronized boolean isEncrypted(String disk) {
    return disks.containsKey(disk);
  }

  synchronized List<EncryptedDisk> disks() {
    return List.copyOf(disks.values());
  }

  // ---------------------------------------------------------------- enable

  synchronized AdeStatus enable(EnablePlan plan, AdeSettings settings, CrashInjector crash)
      throws GeneralSecurityException {
    vm.markEverHadGuestEncryption();
    for (VirtualDisk disk : plan.targets()) {
      if (disk.role().managed()) {
        disk.managedDisk().markEverHadGuestEncryption();
      }
    }
    hookOnce();
    vm.addExtension(AzureDiskEncryptionExtension.of(vm.image().os(), settings));
    if (windows) {
      enableWindows(plan, settings);
    } else {
      enableLinux(plan, settings, crash);
    }
    return status();
  }

  private void enableLinux(EnablePlan plan, AdeSettings settings, CrashInjector crash)
      throws GeneralSecurityException {
    if (plan.targets().isEmpty()) {
      return;
    }
    // a run that crashed during the OS volume's full pass resumes with the passphrase it stored
    EncryptedDisk resumed = pendingOs;
    byte[] passphrase = resumed != null ? fetch(resumed) : newPassphrase();
    try {
      String secretUrl = resumed != null ? resumed.secretUrl()
          : storeSecret(plan, settings, UUID.randomUUID().toString(), passphrase, LINUX_KEY_FILE, Optional.empty());
      Optional<String> kekUrl = resumed != null ? resumed.kekUrl() : plan.kekUrl();
      KeyEncryptionAlgorithm algorithm = resumed != null ? resumed.algorithm() : settings.keyEncryptionAlgorithm();
      for (VirtualDisk disk : plan.targets()) {
        LuksFormatOptions luks = resumed != null && disk.role() == DiskRole.OS ? resumed.luks()
            : luksOptions(plan.linux(), disk);
        boolean full = LinuxGuest.fullPass(disk, luks, options.fullPassLimitBytes());
        String format = luks.version() + " aes-xts-plain64 " + luks.keyBits() + "-bit, "
            + LinuxGuest.headerLocation(disk.role()) + (full ? ", encrypted in place by a full resumable pass" : "");
        EncryptedDisk record = new EncryptedDisk(disk.name(), disk.role(), secretUrl, kekUrl, algorithm, luks, format,
            LinuxGuest.shiftSectors(disk, luks), LinuxGuest.volumeSectors(disk, luks));
        OpenVolume volume = full ? encryptOsFullPass(disk, passphrase, record, crash)
            : LinuxGuest.encrypt(disk, passphrase, luks, !Preflight.formats(disk, settings), vm.account());
        remember(disk, record, volume, plan);
      }
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  private OpenVolume encryptOsFullPass(VirtualDisk disk, byte[] passphrase, EncryptedDisk record, CrashInjector crash)
      throws GeneralSecurityException {
    boolean resuming = pendingOs != null;
    pendingOs = record;
    try {
      OpenVolume volume = LinuxGuest.encryptOsFullPass(disk, passphrase, record.luks(), vm.account(), crash, resuming);
      pendingOs = null;
      return volume;
    } catch (SimulatedCrashException e) {
      // the caller stops the VM once this object's lock is released (the stop hook runs under the VM's lock)
      throw new GuestCrashedException("VM " + vm.name() + " crashed during in-place encryption of its OS volume:"
          + " start it and enable ADE again to resume", e);
    } catch (AdeRefusedException e) {
      pendingOs = null;
      throw e;
    }
  }

  private void enableWindows(EnablePlan plan, AdeSettings settings) throws GeneralSecurityException {
    for (VirtualDisk disk : plan.targets()) {
      WindowsGuest.Formatted formatted = WindowsGuest.encrypt(disk, vm.image(), vm.account());
      String secretUrl;
      try {
        secretUrl = storeSecret(plan, settings, formatted.guid(), formatted.bekFile(), formatted.guid().toUpperCase(
            java.util.Locale.ROOT) + ".BEK", Optional.of(volumeLetter(disk)));
      } catch (GeneralSecurityException | RuntimeException e) {
        // the BEK exists nowhere else: decrypt again rather than leave data no one can unlock
        InPlaceEncryption.decrypt(disk, formatted.volume(), 0, formatted.volumeSectors(), vm.account());
        throw e;
      } finally {
        Arrays.fill(formatted.bekFile(), (byte) 0);
      }
      remember(disk, new EncryptedDisk(disk.name(), disk.role(), secretUrl, plan.kekUrl(),
          settings.keyEncryptionAlgorithm(), null, formatted.description(), 0, formatted.volumeSectors()),
          formatted.volume(), plan);
    }
  }

  private void remember(VirtualDisk disk, EncryptedDisk record, OpenVolume volume, EnablePlan plan) {
    disks.put(disk.name(), record);
    mount(disk, volume);
    if (disk.role().managed()) {
      recordDiskSettings(disk.managedDisk(), record, plan);
    }
  }

  private String storeSecret(EnablePlan plan, AdeSettings settings, String name, byte[] plain, String fileName,
      Optional<String> volumeLetter) throws GeneralSecurityException {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("DiskEncryptionKeyFileName", fileName);
    tags.put("MachineName", vm.name());
    volumeLetter.ifPresent(letter -> tags.put("VolumeLetter", letter));
    String value;
    String contentType;
    if (plan.kekUrl().isPresent()) {
      tags.put("DiskEncryptionKeyEncryptionAlgorithm", settings.keyEncryptionAlgorithm().wireName());
      tags.put("DiskEncryptionKeyEncryptionKeyURL", plan.kekUrl().get());
      byte[] wrapped = vaults.wrap(plan.kekUrl().get(), settings.keyEncryptionAlgorithm(), plain, settings.caller());
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(wrapped);
      contentType = WRAPPED;
    } else {
      value = windows ? Base64.getEncoder().encodeToString(plain) : new String(plain, StandardCharsets.US_ASCII);
      contentType = PLAIN;
    }
    return vaults.setSecret(plan.vault().url(), name, value, Optional.of(contentType), tags, settings.caller());
  }

  /** ADE's passphrase: 127 random bytes, base64 (172 ASCII characters); these bytes are what LUKS gets. */
  static byte[] newPassphrase() {
    byte[] raw = new byte[127];
    RANDOM.nextBytes(raw);
    try {
      return Base64.getEncoder().encode(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private LuksFormatOptions luksOptions(SupportedImages.LinuxProfile profile, VirtualDisk disk) {
    LuksFormatOptions base = profile.luks2() ? options.luks2() : options.luks1();
    return base.toBuilder().keyBits(profile.keyBits()).sectorSize(disk.sectorSize()).build();
  }

  private String volumeLetter(VirtualDisk disk) {
    return switch (disk.role()) {
      case OS -> "C:";
      case TEMP -> "D:";
      case DATA -> (char) ('F' + vm.dataDisks().indexOf(disk)) + ":";
    };
  }

  // ---------------------------------------------------------------- boot and stop

  private void hookOnce() {
    if (!hooked) {
      hooked = true;
      vm.addBootHook(v -> unlockAll());
      vm.addStopHook(this::closeAll);
    }
  }

  /** At boot: fetch each secret (unwrap it), unlock, mount. Any failure fails the start. */
  private synchronized void unlockAll() throws GeneralSecurityException {
    closeAll();
    if (!disks.isEmpty() && !vm.cloud().clock().instant().isBefore(AzureDiskEncryption.RETIREMENT)) {
      throw new GeneralSecurityException("Azure Disk Encryption was retired on 15 September 2028: the ADE disks of VM "
          + vm.name() + " no longer unlock after a restart");
    }
    Map<String, byte[]> fetched = new LinkedHashMap<>();
    try {
      for (EncryptedDisk record : disks.values()) {
        byte[] secret = fetched.get(record.secretUrl());
        if (secret == null) {
          secret = fetch(record);
          fetched.put(record.secretUrl(), secret);
        }
        mount(vm.disk(record.disk()), unlock(record, secret));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      closeAll();
      throw e;
    } finally {
      fetched.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }
  }

  private byte[] fetch(EncryptedDisk record) throws GeneralSecurityException {
    VaultGateway.StoredSecret secret;
    try {
      secret = vaults.getSecret(record.secretUrl(), AzureDiskEncryption.PLATFORM);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("ADE cannot get secret " + record.secretUrl() + " to unlock disk "
          + record.disk() + ": " + e.getMessage(), e);
    }
    if (WRAPPED.equals(secret.contentType().orElse(""))) {
      String kekUrl = record.kekUrl().orElse(secret.tags().get("DiskEncryptionKeyEncryptionKeyURL"));
      try {
        return vaults.unwrap(kekUrl, record.algorithm(), Base64.getUrlDecoder().decode(secret.value()),
            AzureDiskEncryption.PLATFORM);
      } catch (GeneralSecurityException e) {
        throw new GeneralSecurityException("ADE cannot unwrap secret " + record.secretUrl() + " with KEK " + kekUrl
            + " to unlock disk " + record.disk() + ": " + e.getMessage(), e);
      }
    }
    return windows ? Base64.getDecoder().decode(secret.value()) : secret.value().getBytes(StandardCharsets.US_ASCII);
  }

  private OpenVolume unlock(EncryptedDisk record, byte[] secret) throws GeneralSecurityException {
    VirtualDisk disk = vm.disk(record.disk());
    if (record.role() == DiskRole.TEMP && disk.hostMedia().sectorsHeld() == 0) {
      // the host gave the VM a fresh temp disk (deallocation): ADE formats and encrypts it again
      return windows ? WindowsGuest.reformatTemp(disk, secret, vm.image(), vm.account())
          : LinuxGuest.encrypt(disk, secret, record.luks(), false, vm.account());
    }
    try {
      return windows ? WindowsGuest.unlock(disk, secret) : LinuxGuest.unlock(disk, secret, record.luks());
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("ADE cannot unlock disk " + record.disk() + " with secret "
          + record.secretUrl() + ": " + e.getMessage(), e);
    }
  }

  private void mount(VirtualDisk disk, OpenVolume volume) {
    synchronized (open) {
      open.put(disk.name(), volume);
    }
    disk.mountGuestVolume(volume.dataDevice(vm.account()));
  }

  /** Guest memory is lost: every volume key is destroyed. */
  private void closeAll() {
    synchronized (open) {
      open.values().forEach(OpenVolume::close);
      open.clear();
    }
  }

  // ---------------------------------------------------------------- disable

  synchronized AdeStatus disable(VolumeType type) {
    List<EncryptedDisk> chosen = new ArrayList<>();
    if (!windows) {
      if (disks.containsKey("os")) {
        throw new AdeRefusedException("ADE for Linux cannot disable encryption once the OS volume is encrypted"
            + " (VM " + vm.name() + "): only VMs with encrypted data volumes alone can be decrypted");
      }
      if (type == VolumeType.OS) {
        throw new AdeRefusedException("VM " + vm.name() + " has no encrypted OS volume to disable");
      }
    }
    for (EncryptedDisk record : disks.values()) {
      boolean wanted = type == VolumeType.DATA ? record.role() != DiskRole.OS : true;
      if (wanted) {
        chosen.add(record);
      }
    }
    for (EncryptedDisk record : chosen) {
      VirtualDisk disk = vm.disk(record.disk());
      OpenVolume volume;
      synchronized (open) {
        volume = open.remove(record.disk());
      }
      disk.unmountGuestVolume();
      InPlaceEncryption.decrypt(disk, volume, record.shiftSectors(), record.volumeSectors(), vm.account());
      disks.remove(record.disk());
      if (disk.role().managed()) {
        disk.managedDisk().encryptionSettings()
            .ifPresent(s -> disk.managedDisk().setEncryptionSettings(s.disabled()));
      }
    }
    vm.extension(AzureDiskEncryptionExtension.class).ifPresent(e -> vm.addExtension(e.disabled(type)));
    return status();
  }

  // ---------------------------------------------------------------- the model

  private void recordDiskSettings(ManagedDisk disk, EncryptedDisk record, EnablePlan plan) {
    disk.setEncryptionSettings(new EncryptionSettingsCollection(true, record.secretUrl(), vaultId(plan.vault()),
        record.kekUrl(), record.kekUrl().map(url -> vaultId(plan.kekVault().orElseThrow()))));
  }

  private static String vaultId(VaultGateway.VaultFacts vault) {
    return "/subscriptions/" + vault.subscription() + "/providers/Microsoft.KeyVault/vaults/" + vault.name();
  }

  synchronized AdeStatus status() {
    boolean running = vm.state() == VmState.RUNNING;
    List<DiskEncryptionStatus> out = new ArrayList<>();
    for (VirtualDisk disk : vm.disks()) {
      EncryptedDisk record = disks.get(disk.name());
      if (record == null) {
        out.add(new DiskEncryptionStatus(disk.name(), disk.role(), EncryptionState.NOT_ENCRYPTED,
            Optional.empty(), Optional.empty(), Optional.empty()));
      } else {
        boolean mounted;
        synchronized (open) {
          mounted = open.containsKey(disk.name());
        }
        EncryptionState state = running && mounted
            ? EncryptionState.ENCRYPTED : EncryptionState.NOT_MOUNTED;
        out.add(new DiskEncryptionStatus(disk.name(), disk.role(), state, Optional.of(record.volumeFormat()),
            Optional.of(record.secretUrl()), record.kekUrl()));
      }
    }
    EncryptionState os = out.get(0).state();
    List<DiskEncryptionStatus> data = out.stream().filter(d -> d.role() == DiskRole.DATA).toList();
    EncryptionState dataState = data.isEmpty() || data.stream().anyMatch(d -> d.state() == EncryptionState.NOT_ENCRYPTED)
        ? EncryptionState.NOT_ENCRYPTED : data.get(0).state();
    String extension = vm.extension(AzureDiskEncryptionExtension.class).map(AzureDiskEncryptionExtension::type).orElse("");
    return new AdeStatus(vm.name(), extension, os, dataState, out);
  }
}
