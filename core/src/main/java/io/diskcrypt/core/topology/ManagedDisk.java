package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.media.SparseMedia;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A managed disk: a resource of the storage cluster, with its media (the at-rest surface), the layers
 * the storage cluster applies in front of that media, and the disk's metadata (wrapped keys, the
 * sticky "ever had in-guest encryption" mark). It outlives the VMs it is attached to.
 */
public final class ManagedDisk {
  private final String name;
  private final SparseMedia media;
  private final List<LayerFactory> storageLayers = new ArrayList<>();
  private final Map<String, WrappedKey> wrappedKeys = new LinkedHashMap<>();
  private final Map<String, String> encryptionProperties = new LinkedHashMap<>();
  private volatile boolean everHadGuestEncryption;
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

  /**
   * Adds a layer the storage cluster applies in front of the media, outermost last.
   *
   * @throws IllegalStateException while the disk is attached to a running VM
   */
  public synchronized void addStorageLayer(LayerFactory layer) {
    checkNotInUse("add a storage layer to");
    storageLayers.add(Objects.requireNonNull(layer, "layer"));
  }

  /**
   * Removes every storage layer.
   *
   * @throws IllegalStateException while the disk is attached to a running VM
   */
  public synchronized void clearStorageLayers() {
    checkNotInUse("remove the storage layers of");
    storageLayers.clear();
  }

  /** The storage layers, innermost first. */
  public synchronized List<LayerFactory> storageLayers() {
    return List.copyOf(storageLayers);
  }

  /** Metadata: a wrapped data key stored with the disk under {@code slot}, such as {@code "sse-pmk"}. */
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

  /**
   * Sets a property of the disk resource's encryption settings, as the real resource shows it (for
   * example {@code encryption.type = EncryptionAtRestWithCustomerKey}).
   */
  public synchronized void setEncryptionProperty(String key, String value) {
    encryptionProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** The disk resource's encryption settings. */
  public synchronized Map<String, String> encryptionProperties() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(encryptionProperties));
  }

  /** Marks that in-guest encryption (ADE) was ever enabled on this disk: permanent. */
  public void markEverHadGuestEncryption() {
    everHadGuestEncryption = true;
  }

  /** True once in-guest encryption was ever enabled on this disk. */
  public boolean everHadGuestEncryption() {
    return everHadGuestEncryption;
  }

  /** The VM the disk is attached to, or null. */
  public VirtualMachine attachedTo() {
    return attachedTo;
  }

  void attach(VirtualMachine vm) {
    if (attachedTo != null && attachedTo != vm) {
      throw new IllegalStateException("disk " + name + " is already attached to VM " + attachedTo.name());
    }
    attachedTo = vm;
  }

  private void checkNotInUse(String action) {
    VirtualMachine vm = attachedTo;
    if (vm != null && vm.state() == VmState.RUNNING) {
      throw new IllegalStateException(
          "cannot " + action + " disk " + name + " while VM " + vm.name() + " is running: deallocate it first");
    }
  }

  @Override
  public String toString() {
    return "ManagedDisk[" + name + ", " + media.sizeBytes() + " bytes, " + media.sectorSize() + " sectors]";
  }
}
