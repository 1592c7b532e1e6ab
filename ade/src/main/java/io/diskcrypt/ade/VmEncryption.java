package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.VaultObjectId;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  private final VirtualMachine vm;
  private final VaultGateway vaults;
  private final Guest guest;
  private final Map<String, EncryptedDisk> disks = new LinkedHashMap<>();
  /** Guarded by itself, not by this object: the VM's stop hook takes only this lock. */
  private final Map<String, OpenVolume> open = new LinkedHashMap<>();
  private boolean hooked;

  VmEncryption(VirtualMachine vm, VaultGateway vaults, AdeOptions options) {
    this.vm = vm;
    this.vaults = vaults;
    this.guest = Guest.of(vm, options);
  }

  /** The guest lost power in the middle of enabling: the VM must be stopped. */
  static final class GuestCrashedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    GuestCrashedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** True when ADE encrypted the volume on {@code disk} (the same managed disk, not only the same name). */
  synchronized boolean isEncrypted(VirtualDisk disk) {
    EncryptedDisk record = disks.get(disk.name());
    return record != null && record.isOn(disk);
  }

  /** The encrypted volumes on the disks attached now. */
  synchronized List<EncryptedDisk> disks() {
    return disks.values().stream().filter(r -> attached(r).isPresent()).toList();
  }

  /**
   * The VM's disk that holds {@code record}'s volume; empty while that disk is detached. ADE writes its
   * data volumes into crypttab and fstab with {@code nofail}, so a missing one does not stop the boot,
   * and the volume unlocks again at the first boot after its disk is attached back under its name.
   */
  private Optional<VirtualDisk> attached(EncryptedDisk record) {
    return vm.disks().stream().filter(record::isOn).findFirst();
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
    guest.encrypt(plan, settings, crash, this);
    rewrap(plan, settings);
    return status();
  }

  /** Records an encrypted disk and mounts its unlocked volume (a {@link Guest} calls this). */
  void remember(VirtualDisk disk, EncryptedDisk record, OpenVolume volume, EnablePlan plan) {
    disks.put(disk.name(), record);
    mount(disk, volume);
    if (disk.role().managed()) {
      recordDiskSettings(disk.managedDisk(), record, plan);
    }
  }

  /** Stores a secret in the plan's vault, wrapped by its KEK if it has one; returns its versioned URL. */
  String storeSecret(EnablePlan plan, AdeSettings settings, String name, byte[] plain, String fileName,
      Optional<String> volumeLetter) throws GeneralSecurityException {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("DiskEncryptionKeyFileName", fileName);
    tags.put("MachineName", vm.name());
    volumeLetter.ifPresent(letter -> tags.put("VolumeLetter", letter));
    return store(plan.vault().url(), name, plain, plan.kekUrl(), settings.keyEncryptionAlgorithm(), tags,
        settings.caller());
  }

  private String store(String vaultUrl, String name, byte[] plain, Optional<String> kekUrl,
      KeyEncryptionAlgorithm algorithm, Map<String, String> baseTags, Identity caller)
      throws GeneralSecurityException {
    Map<String, String> tags = new LinkedHashMap<>(baseTags);
    tags.remove("DiskEncryptionKeyEncryptionAlgorithm");
    tags.remove("DiskEncryptionKeyEncryptionKeyURL");
    String value;
    String contentType;
    if (kekUrl.isPresent()) {
      tags.put("DiskEncryptionKeyEncryptionAlgorithm", algorithm.wireName());
      tags.put("DiskEncryptionKeyEncryptionKeyURL", kekUrl.get());
      byte[] wrapped = vaults.wrap(kekUrl.get(), algorithm, plain, caller);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(wrapped);
      contentType = WRAPPED;
    } else {
      value = guest.encodeSecret(plain);
      contentType = PLAIN;
    }
    return vaults.setSecret(vaultUrl, name, value, Optional.of(contentType), tags, caller);
  }

  // ---------------------------------------------------------------- rotation

  /**
   * Enable run again with another KEK (a new version, another key, none) or vault: each secret of the
   * disks encrypted before is stored again, as a new version, wrapped by the new KEK. The volumes and
   * every sector stay as they are; the disks' encryption settings point to the new version.
   */
  private void rewrap(EnablePlan plan, AdeSettings settings) throws GeneralSecurityException {
    Map<String, String> moved = new LinkedHashMap<>();
    for (EncryptedDisk record : disks()) { // a detached disk keeps the settings it left with
      VaultObjectId secretId = VaultObjectId.parse(record.secretUrl());
      boolean same = record.kekUrl().equals(plan.kekUrl()) && secretId.vault().equalsIgnoreCase(plan.vault().name())
          && (plan.kekUrl().isEmpty() || record.algorithm() == settings.keyEncryptionAlgorithm());
      if (same) {
        continue;
      }
      String url = moved.get(record.secretUrl());
      if (url == null) {
        VaultGateway.StoredSecret stored = vaults.getSecret(record.secretUrl(), settings.caller());
        byte[] plain = fetch(record);
        try {
          url = store(plan.vault().url(), secretId.name(), plain, plan.kekUrl(), settings.keyEncryptionAlgorithm(),
              stored.tags(), settings.caller());
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
        moved.put(record.secretUrl(), url);
      }
      EncryptedDisk rewrapped = record.withSecret(url, plan.kekUrl(), settings.keyEncryptionAlgorithm());
      disks.put(record.disk(), rewrapped);
      VirtualDisk disk = attached(record).orElseThrow();
      if (disk.role().managed()) {
        recordDiskSettings(disk.managedDisk(), rewrapped, plan);
      }
    }
  }

  /**
   * A new secret for every encrypted volume (Linux: a new passphrase in a new keyslot, the old keyslot
   * wiped), stored as a new version of each secret and wrapped as before. No data sector changes.
   */
  synchronized AdeStatus rotateSecret(Identity caller) throws GeneralSecurityException {
    Map<String, List<EncryptedDisk>> bySecret = new LinkedHashMap<>();
    for (EncryptedDisk record : disks()) {
      if (!isOpen(record)) {
        continue; // attached while the VM ran: not unlocked yet, it keeps its secret's current version
      }
      bySecret.computeIfAbsent(record.secretUrl(), u -> new ArrayList<>()).add(record);
    }
    for (Map.Entry<String, List<EncryptedDisk>> group : bySecret.entrySet()) {
      EncryptedDisk first = group.getValue().get(0);
      VaultObjectId id = VaultObjectId.parse(group.getKey());
      VaultGateway.StoredSecret stored = vaults.getSecret(group.getKey(), caller);
      byte[] fresh = guest.newSecret();
      try {
        String url = store("https://" + id.vault() + ".vault.azure.net/", id.name(), fresh, first.kekUrl(),
            first.algorithm(), stored.tags(), caller);
        for (EncryptedDisk record : group.getValue()) {
          OpenVolume volume;
          synchronized (open) {
            volume = open.get(record.disk());
          }
          VirtualDisk disk = attached(record).orElseThrow();
          guest.replaceSecret(disk, volume, fresh);
          disks.put(record.disk(), record.withSecret(url, record.kekUrl(), record.algorithm()));
          if (disk.role().managed()) {
            ManagedDisk managed = disk.managedDisk();
            managed.encryptionSettings().ifPresent(s -> managed.setEncryptionSettings(new EncryptionSettingsCollection(
                s.enabled(), url, s.secretVaultId(), s.keyEncryptionKeyUrl(), s.keyEncryptionKeyVaultId())));
          }
        }
      } finally {
        Arrays.fill(fresh, (byte) 0);
      }
    }
    return status();
  }

  // ---------------------------------------------------------------- boot and stop

  private void hookOnce() {
    if (!hooked) {
      hooked = true;
      vm.addBootHook(v -> unlockAll());
      vm.addStopHook(this::closeAll);
    }
  }

  /**
   * At boot: fetch each secret (unwrap it), unlock, mount, for the volumes whose disks are attached (a
   * detached one is skipped, as crypttab's {@code nofail} does). Any failure fails the start.
   */
  private synchronized void unlockAll() throws GeneralSecurityException {
    closeAll();
    List<EncryptedDisk> present = disks();
    if (!present.isEmpty() && !vm.cloud().clock().instant().isBefore(AzureDiskEncryption.RETIREMENT)) {
      throw new GeneralSecurityException("Azure Disk Encryption was retired on 15 September 2028: the ADE disks of VM "
          + vm.name() + " no longer unlock after a restart");
    }
    Map<String, byte[]> fetched = new LinkedHashMap<>();
    try {
      for (EncryptedDisk record : present) {
        byte[] secret = fetched.get(record.secretUrl());
        if (secret == null) {
          secret = fetch(record);
          fetched.put(record.secretUrl(), secret);
        }
        VirtualDisk disk = attached(record).orElseThrow();
        mount(disk, unlock(disk, record, secret));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      closeAll();
      throw e;
    } finally {
      fetched.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }
  }

  /**
   * The secret of {@code record}, fetched (and unwrapped) as the platform does at boot; the caller wipes it.
   *
   * @throws KeyAccessException naming the secret or the KEK that could not be used, and why
   */
  byte[] fetch(EncryptedDisk record) throws KeyAccessException {
    VaultGateway.StoredSecret secret;
    try {
      secret = vaults.getSecret(record.secretUrl(), AzureDiskEncryption.PLATFORM);
    } catch (KeyAccessException e) {
      throw new KeyAccessException(e.keyId(), e.reason(), "ADE cannot get secret " + record.secretUrl()
          + " to unlock disk " + record.disk() + ": " + e.detail(), e);
    }
    if (WRAPPED.equals(secret.contentType().orElse(""))) {
      String kekUrl = record.kekUrl().orElse(secret.tags().get("DiskEncryptionKeyEncryptionKeyURL"));
      try {
        return vaults.unwrap(kekUrl, record.algorithm(), Base64.getUrlDecoder().decode(secret.value()),
            AzureDiskEncryption.PLATFORM);
      } catch (KeyAccessException e) {
        throw new KeyAccessException(e.keyId(), e.reason(), "ADE cannot unwrap secret " + record.secretUrl()
            + " with KEK " + kekUrl + " to unlock disk " + record.disk() + ": " + e.detail(), e);
      }
    }
    return guest.decodeSecret(secret.value());
  }

  private OpenVolume unlock(VirtualDisk disk, EncryptedDisk record, byte[] secret) throws GeneralSecurityException {
    try {
      return guest.unlock(disk, record, secret);
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

  private boolean isOpen(EncryptedDisk record) {
    synchronized (open) {
      return open.containsKey(record.disk());
    }
  }

  /** Guest memory is lost: every volume key is destroyed. */
  private void closeAll() {
    synchronized (open) {
      open.values().forEach(OpenVolume::close);
      open.clear();
    }
  }

  // ---------------------------------------------------------------- disable

  /**
   * Decrypts the chosen volumes in place. A volume whose disk is detached is forgotten: it stays
   * encrypted, and its disk keeps its encryption settings.
   */
  synchronized AdeStatus disable(VolumeType type) {
    guest.checkDisable(type, disks.values());
    List<EncryptedDisk> chosen = disks.values().stream()
        .filter(record -> type != VolumeType.DATA || record.role() != DiskRole.OS).toList();
    for (EncryptedDisk record : chosen) {
      if (attached(record).isPresent() && !isOpen(record)) {
        throw new AdeRefusedException("ADE cannot decrypt disk " + record.disk() + " of VM " + vm.name()
            + ": it was attached while the VM ran, so the guest has not unlocked it; restart the VM first");
      }
    }
    for (EncryptedDisk record : chosen) {
      Optional<VirtualDisk> on = attached(record);
      if (on.isEmpty()) {
        disks.remove(record.disk());
        continue;
      }
      VirtualDisk disk = on.get();
      OpenVolume volume;
      synchronized (open) {
        volume = open.remove(record.disk());
      }
      disk.unmountGuestVolume();
      InPlaceConversion.decrypt(disk, volume, record.shiftSectors(), record.volumeSectors(), vm.account());
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
      if (record == null || !record.isOn(disk)) {
        out.add(new DiskEncryptionStatus(disk.name(), disk.role(), EncryptionState.NOT_ENCRYPTED,
            Optional.empty(), Optional.empty(), Optional.empty()));
      } else {
        EncryptionState state = running && isOpen(record)
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
