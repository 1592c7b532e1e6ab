package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.model.CreationData;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.DiskSecurityProfile;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A managed disk: a resource of the storage cluster, with its media (the at-rest surface), its typed
 * model (encryption, security profile, ADE's encryption settings, the permanent "ever had ADE" mark)
 * and its metadata (wrapped data keys). It outlives the VMs it is attached to; a copy or a snapshot
 * keeps all of it, a disk created for upload starts without any ({@link #creationData()}).
 *
 * <p>Azure's rule for the encryption and the security profile: they change only while the disk is
 * detached or its VM is deallocated ({@link #requireChangeable}).
 */
public final class ManagedDisk {
  private final String name;
  private final SparseMedia media;
  private final Map<String, WrappedKey> wrappedKeys = new LinkedHashMap<>();
  private volatile DiskEncryption encryption;
  private volatile DiskSecurityProfile securityProfile = DiskSecurityProfile.NONE;
  private volatile EncryptionSettingsCollection encryptionSettings;
  private volatile boolean everHadGuestEncryption;
  private volatile CreationData creationData = CreationData.EMPTY;
  private volatile VirtualMachine attachedTo;

  ManagedDisk(String name, long sizeBytes, SectorSize sectorSize) {
    this.name = Objects.requireNonNull(name, "name");
    this.media = new SparseMedia(name + ": storage media", sizeBytes, sectorSize);
  }

  /** The disk's name, unique in its storage cluster. */
  public String name() {
    return name;
  }

  /** The storage media holding the disk's bytes, as an observer in the data centre would read it. */
  public SparseMedia media() {
    return media;
  }

  /** The sector size of the disk. */
  public SectorSize sectorSize() {
    return media.sectorSize();
  }

  /** The size in bytes. */
  public long sizeBytes() {
    return media.sizeBytes();
  }

  // ---- the model ----

  /** {@code creationData}: how the disk was made (empty, a copy of a disk or snapshot, an upload). */
  public CreationData creationData() {
    return creationData;
  }

  void setCreationData(CreationData value) {
    creationData = Objects.requireNonNull(value, "creationData");
  }

  /**
   * {@code encryption}: the disk's server-side encryption, empty until server-side encryption is set
   * up for it (the real platform always has it; a simulation may leave it out).
   */
  public Optional<DiskEncryption> encryption() {
    return Optional.ofNullable(encryption);
  }

  /**
   * Sets the disk's {@code encryption}. Called by the server-side encryption option, which keeps the
   * wrapped data keys to match.
   *
   * @throws IllegalStateException unless the disk is detached or its VM deallocated
   */
  public synchronized void setEncryption(DiskEncryption value) {
    Objects.requireNonNull(value, "encryption");
    requireChangeable("change the encryption of");
    encryption = value;
  }

  /** {@code securityProfile}: set on a confidential VM's OS disk, else {@link DiskSecurityProfile#NONE}. */
  public DiskSecurityProfile securityProfile() {
    return securityProfile;
  }

  /**
   * Sets the disk's {@code securityProfile}.
   *
   * @throws IllegalStateException unless the disk is detached or its VM deallocated
   */
  public synchronized void setSecurityProfile(DiskSecurityProfile value) {
    Objects.requireNonNull(value, "securityProfile");
    requireChangeable("change the security profile of");
    securityProfile = value;
  }

  /** {@code encryptionSettingsCollection}: Azure Disk Encryption's secret for this disk, if ADE ever had one. */
  public Optional<EncryptionSettingsCollection> encryptionSettings() {
    return Optional.ofNullable(encryptionSettings);
  }

  /** Sets {@code encryptionSettingsCollection}: ADE does, from the guest, while the VM runs. */
  public void setEncryptionSettings(EncryptionSettingsCollection value) {
    encryptionSettings = Objects.requireNonNull(value, "encryptionSettings");
  }

  /** Marks that in-guest encryption (ADE) was ever enabled on this disk: permanent, kept by copies. */
  public void markEverHadGuestEncryption() {
    everHadGuestEncryption = true;
  }

  /** True once in-guest encryption was ever enabled on this disk (or on the disk it was copied from). */
  public boolean everHadGuestEncryption() {
    return everHadGuestEncryption;
  }

  /**
   * Throws unless the disk may change its encryption settings now: when it is detached, or its VM is
   * deallocated.
   *
   * @throws IllegalStateException naming the disk, the VM and its state
   */
  public void requireChangeable(String action) {
    VirtualMachine vm = attachedTo;
    if (vm != null && vm.state() != VmState.DEALLOCATED) {
      throw new IllegalStateException("cannot " + action + " disk " + name + " while VM " + vm.name() + " is "
          + vm.state() + ": deallocate the VM or detach the disk first");
    }
  }

  // ---- metadata ----

  /** Metadata: a wrapped data key stored with the disk under {@code slot}, such as {@code "sse-dek"}. */
  public synchronized void putWrappedKey(String slot, WrappedKey key) {
    wrappedKeys.put(Objects.requireNonNull(slot, "slot"), Objects.requireNonNull(key, "key"));
  }

  /** The wrapped key in {@code slot}, or null. */
  public synchronized WrappedKey wrappedKey(String slot) {
    return wrappedKeys.get(slot);
  }

  /** Every wrapped key stored with the disk, by slot. */
  public synchronized Map<String, WrappedKey> wrappedKeys() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(wrappedKeys));
  }

  // ---- attachment ----

  /** The VM the disk is attached to, if any. */
  public Optional<VirtualMachine> attachedTo() {
    return Optional.ofNullable(attachedTo);
  }

  synchronized void attach(VirtualMachine vm) {
    if (attachedTo != null && attachedTo != vm) {
      throw new IllegalStateException("disk " + name + " is already attached to VM " + attachedTo.name());
    }
    attachedTo = vm;
  }

  synchronized void detach() {
    attachedTo = null;
  }

  /** Copies model, metadata and media into {@code copy} (a snapshot or a copy keeps all of it). */
  synchronized void copyInto(ManagedDisk copy) {
    for (long sector : media.heldSectors()) {
      copy.media.write(sector, media.readRaw(sector).orElseThrow());
    }
    copy.wrappedKeys.putAll(wrappedKeys);
    copy.encryption = encryption;
    copy.securityProfile = securityProfile;
    copy.encryptionSettings = encryptionSettings;
    copy.everHadGuestEncryption = everHadGuestEncryption;
  }

  @Override
  public String toString() {
    return "ManagedDisk[" + name + ", " + media.sizeBytes() + " bytes, " + media.sectorSize() + " sectors]";
  }
}
