package io.diskcrypt.host;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.topology.LayerFactory;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.sse.ServerSideEncryption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encryption at host: the VM host encrypts before bytes touch its own media or leave it. The temp
 * disk is encrypted with a platform-managed key only, even when the disks use a customer's key; each
 * OS and data disk's cache and its traffic to the storage cluster are encrypted with the disk's own
 * server-side encryption key (the customer's key through its disk encryption set, else a platform
 * key). The storage cluster then stores the host's ciphertext without encrypting it again. All this
 * runs on the host's CPU; the guest sees no change.
 *
 * <p>Control plane as documented: the subscription feature {@value #FEATURE} must be registered, the
 * VM size must support it, the VM must be deallocated to enable or disable it, and a VM that ever had
 * Azure Disk Encryption cannot have it. The VM model shows it in its typed {@link
 * io.diskcrypt.core.model.VmSecurityProfile#encryptionAtHost()}, which is all the storage cluster and
 * ADE read.
 *
 * <p>It inserts its layers at {@link Placement#HOST_DISK} and {@link Placement#HOST_TEMP_MEDIA} of the
 * region's pipeline; they add nothing for VMs without encryption at host.
 *
 * <pre>{@code
 * EncryptionAtHost host = new EncryptionAtHost(sse);
 * cloud.registerFeature(vm.subscription(), EncryptionAtHost.FEATURE);
 * host.enable(vm);   // VM deallocated
 * vm.start();
 * }</pre>
 */
public final class EncryptionAtHost {
  /** The subscription feature that must be registered. */
  public static final String FEATURE = "Microsoft.Compute/EncryptionAtHost";
  /** The option's name in the pipeline. */
  public static final String OPTION = "encryption at host";

  private final ServerSideEncryption sse;
  private final Map<String, WrappedKey> tempDiskKeys = new ConcurrentHashMap<>();

  /**
   * Encryption at host over the disks' server-side encryption {@code sse}, whose keys the host uses.
   * Inserts the host's layers into the pipeline of {@code sse}'s cloud.
   *
   * @throws IllegalStateException when another option already holds the host placements
   */
  public EncryptionAtHost(ServerSideEncryption sse) {
    this.sse = Objects.requireNonNull(sse, "sse");
    // One layer above each disk's cache: the cache and the link get the same ciphertext, made once.
    sse.cloud().pipeline().insert(Placement.HOST_DISK, OPTION, onlyWithEncryptionAtHost(sse.diskKeyLayer()));
    sse.cloud().pipeline().insert(Placement.HOST_TEMP_MEDIA, OPTION, onlyWithEncryptionAtHost(this::tempDiskLayer));
  }

  private static LayerFactory onlyWithEncryptionAtHost(LayerFactory layer) {
    return (disk, below, payer) -> enabled(disk.vm()) ? layer.attach(disk, below, payer) : below;
  }

  /**
   * Turns encryption at host on for {@code vm}. Disks without server-side encryption get a platform
   * key first, as every real managed disk has one.
   *
   * @throws IllegalStateException when the feature is not registered for the VM's subscription, the
   *     size does not support it, the VM ever had Azure Disk Encryption, or it is not deallocated
   */
  public void enable(VirtualMachine vm) {
    Objects.requireNonNull(vm, "vm");
    if (!sse.cloud().featureRegistered(vm.subscription(), FEATURE)) {
      throw new IllegalStateException("subscription " + vm.subscription() + " has not registered the feature "
          + FEATURE + ": register it before enabling encryption at host on VM " + vm.name());
    }
    if (!vm.size().encryptionAtHostSupported()) {
      throw new IllegalStateException("VM size " + vm.size().name() + " of VM " + vm.name()
          + " does not have the capability EncryptionAtHostSupported");
    }
    if (vm.everHadGuestEncryption()) {
      List<String> marked = vm.disks().stream()
          .filter(d -> d.role().managed() && d.managedDisk().everHadGuestEncryption())
          .map(d -> d.managedDisk().name()).toList();
      throw new IllegalStateException((marked.isEmpty() ? "VM " + vm.name() + " was"
          : "VM " + vm.name() + " has disk" + (marked.size() > 1 ? "s " : " ") + String.join(", ", marked)
              + ", which " + (marked.size() > 1 ? "were" : "was"))
          + " once encrypted with Azure Disk Encryption (the mark survives disable and is kept by snapshots"
          + " and copies): encryption at host cannot be enabled on a VM that ever had ADE; use disks created"
          + " by upload on a VM that never had ADE");
    }
    vm.requireDeallocated("enable encryption at host");
    sse.ensureEncrypted(vm);
    vm.setSecurityProfile(vm.securityProfile().withEncryptionAtHost(true));
  }

  /**
   * Turns encryption at host off: the storage cluster encrypts the disks again, with the same keys,
   * so what it stores does not change.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public void disable(VirtualMachine vm) {
    vm.requireDeallocated("disable encryption at host");
    vm.setSecurityProfile(vm.securityProfile().withEncryptionAtHost(false));
    tempDiskKeys.remove(vm.name());
  }

  /** True when the VM model has encryption at host on. */
  public static boolean enabled(VirtualMachine vm) {
    return vm.securityProfile().encryptionAtHost();
  }

  /** The id of the platform key that wraps the VM's temp-disk key, once the VM has started with it. */
  public Optional<String> tempDiskKeyId(VirtualMachine vm) {
    return Optional.ofNullable(tempDiskKeys.get(vm.name())).map(WrappedKey::keyId);
  }

  /**
   * The temp disk's layer: a random AES-256-XTS key per VM, wrapped by the platform key, made afresh
   * whenever the temp media is empty (after a deallocation the host wiped it).
   */
  private BlockDevice tempDiskLayer(VirtualDisk disk, BlockDevice below, CpuAccount payer) throws KeyAccessException {
    KeyProvider platform = sse.platformKeys();
    String vmName = disk.vm().name();
    if (disk.hostMedia().sectorsHeld() == 0 || !tempDiskKeys.containsKey(vmName)) {
      try (DataKey fresh = platform.newDataKey(sse.platformKeyId(), 64)) {
        tempDiskKeys.put(vmName, fresh.wrapped());
      }
    }
    WrappedKey wrapped = tempDiskKeys.get(vmName);
    return platform.unwrapIntoLayer(below, wrapped, payer,
        "platform-managed key " + wrapped.keyId() + " (temp disk of VM " + vmName + ", encryption at host)");
  }

  @Override
  public String toString() {
    return "EncryptionAtHost[" + sse.cloud().region() + "]";
  }
}
