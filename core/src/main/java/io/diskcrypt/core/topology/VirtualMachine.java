package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.crypto.EncryptionLayer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A VM on a host over a storage cluster. Starting it assembles each disk's data path from the media
 * up: storage media, the storage cluster's layers, the link (tapped), the host's egress layers, the
 * host cache (ReadOnly or ReadWrite, over cache media behind the host's cache layers) or, for the
 * temp disk, the host's local media behind the host's temp-disk layers. Then the boot hooks run (the
 * guest unlocking its volumes). Stopping flushes the caches and drops every key the path held.
 *
 * <p>The VM model that the control plane and an assessor (Defender) see is its properties and
 * extensions; they cannot see the host.
 */
public final class VirtualMachine {
  private final Cloud cloud;
  private final String name;
  private final String subscription;
  private final Image image;
  private final VmSize size;
  private final Host host;
  private final CpuAccount account;
  private final List<VirtualDisk> disks = new ArrayList<>();
  private final Map<String, LinkTap> links = new LinkedHashMap<>();
  private final Map<Placement, LayerFactory> hostLayers = new EnumMap<>(Placement.class);
  /** The encryption layers the layer factories built for the current start: evicted when it ends. */
  private final List<EncryptionLayer> pathLayers = new ArrayList<>();
  private final List<BootHook> bootHooks = new CopyOnWriteArrayList<>();
  private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
  private final Set<String> extensions = Collections.synchronizedSet(new LinkedHashSet<>());
  private final Map<String, String> properties = Collections.synchronizedMap(new LinkedHashMap<>());
  private volatile VmState state = VmState.DEALLOCATED;
  private volatile String lastStopReason;
  private volatile boolean everHadGuestEncryption;

  VirtualMachine(Cloud cloud, String name, String subscription, Image image, VmSize size, Host host) {
    this.cloud = cloud;
    this.name = name;
    this.subscription = subscription;
    this.image = image;
    this.size = size;
    this.host = host;
    this.account = cloud.ledger().account(name + " vCPU", io.diskcrypt.core.cpu.AccountKind.VM_VCPU);
  }

  void addDisk(VirtualDisk disk) {
    disks.add(disk);
    if (disk.role().managed()) {
      links.put(disk.name(), new LinkTap(
          name + "/" + disk.name() + ": compute-storage link", disk.sizeBytes(), disk.sectorSize()));
    }
  }

  /** The VM's name. */
  public String name() {
    return name;
  }

  /** The cloud (region) it runs in. */
  public Cloud cloud() {
    return cloud;
  }

  /** The region's name. */
  public String region() {
    return cloud.region();
  }

  /** The subscription the VM belongs to. */
  public String subscription() {
    return subscription;
  }

  /** The image it boots from. */
  public Image image() {
    return image;
  }

  /** Its size. */
  public VmSize size() {
    return size;
  }

  /** The host it runs on. */
  public Host host() {
    return host;
  }

  /** The account of the VM's vCPUs: where in-guest work is charged. */
  public CpuAccount account() {
    return account;
  }

  /** The ledger of the cloud. */
  public CpuLedger ledger() {
    return cloud.ledger();
  }

  /** Power state. */
  public VmState state() {
    return state;
  }

  /** Why the VM was last stopped by the platform, or null. */
  public String lastStopReason() {
    return lastStopReason;
  }

  /** All disks: OS first, then data disks, then the temp disk if the size has one. */
  public List<VirtualDisk> disks() {
    return List.copyOf(disks);
  }

  /**
   * The disk named {@code diskName}.
   *
   * @throws IllegalArgumentException listing the VM's disks when there is none of that name
   */
  public VirtualDisk disk(String diskName) {
    for (VirtualDisk disk : disks) {
      if (disk.name().equals(diskName)) {
        return disk;
      }
    }
    throw new IllegalArgumentException(
        "VM " + name + " has no disk " + diskName + ": it has " + disks.stream().map(VirtualDisk::name).toList());
  }

  /** The OS disk. */
  public VirtualDisk osDisk() {
    return disk("os");
  }

  /** The data disks, in order. */
  public List<VirtualDisk> dataDisks() {
    return disks.stream().filter(d -> d.role() == DiskRole.DATA).toList();
  }

  /** The temp disk, if the VM size has one. */
  public Optional<VirtualDisk> tempDisk() {
    return disks.stream().filter(d -> d.role() == DiskRole.TEMP).findFirst();
  }

  /** Every surface where the VM's bytes rest or travel. */
  public List<VmSurface> surfaces() {
    List<VmSurface> all = new ArrayList<>();
    for (VirtualDisk disk : disks) {
      if (disk.role().managed()) {
        all.add(new VmSurface(SurfaceRole.STORAGE_MEDIA, disk.name(), disk.managedDisk().media()));
        all.add(new VmSurface(SurfaceRole.CACHE_MEDIA, disk.name(), disk.hostMedia()));
        all.add(new VmSurface(SurfaceRole.LINK, disk.name(), links.get(disk.name())));
      } else {
        all.add(new VmSurface(SurfaceRole.TEMP_MEDIA, disk.name(), disk.hostMedia()));
      }
    }
    return all;
  }

  // ---- the VM model: what the control plane and an assessor see ----

  /** Extensions installed on the VM, such as {@code AzureDiskEncryptionForLinux}. */
  public Set<String> extensions() {
    synchronized (extensions) {
      return Set.copyOf(extensions);
    }
  }

  /** Installs an extension (a name in the VM model). */
  public void addExtension(String extension) {
    extensions.add(Objects.requireNonNull(extension, "extension"));
  }

  /** Properties of the VM model, such as {@code securityProfile.encryptionAtHost}. */
  public Map<String, String> properties() {
    synchronized (properties) {
      return Map.copyOf(properties);
    }
  }

  /** Sets a property of the VM model. */
  public void setProperty(String key, String value) {
    properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** Marks that in-guest encryption was ever enabled on this VM: permanent. */
  public void markEverHadGuestEncryption() {
    everHadGuestEncryption = true;
  }

  /** True once in-guest encryption was ever enabled on this VM. */
  public boolean everHadGuestEncryption() {
    return everHadGuestEncryption;
  }

  // ---- options plug in here ----

  /**
   * Sets what the host inserts at a host placement for every disk (encryption at host).
   *
   * @throws IllegalArgumentException for a placement that is not on the host
   * @throws IllegalStateException unless the VM is deallocated
   */
  public synchronized void setHostLayer(Placement placement, LayerFactory layer) {
    if (placement.payer() != io.diskcrypt.core.cpu.AccountKind.HOST) {
      throw new IllegalArgumentException(placement + " is not a host placement");
    }
    requireDeallocated("change the host's layers");
    hostLayers.put(placement, Objects.requireNonNull(layer, "layer"));
  }

  /**
   * Removes every host layer.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public synchronized void clearHostLayers() {
    requireDeallocated("change the host's layers");
    hostLayers.clear();
  }

  /** True when the host inserts a layer at {@code placement}. */
  public synchronized boolean hasHostLayer(Placement placement) {
    return hostLayers.containsKey(placement);
  }

  /** Adds work the guest does at every boot. */
  public void addBootHook(BootHook hook) {
    bootHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * Adds work done whenever a running VM stops (guest memory is lost): in-guest encryption destroys
   * the volume keys it held here. Hooks must not throw.
   */
  public void addStopHook(Runnable hook) {
    stopHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * Throws unless the VM is deallocated, as the real control plane does for changes that need it.
   *
   * @throws IllegalStateException naming the VM, its state and the action
   */
  public void requireDeallocated(String action) {
    if (state != VmState.DEALLOCATED) {
      throw new IllegalStateException("cannot " + action + " on VM " + name + " while it is " + state + ": deallocate it first");
    }
  }

  // ---- power ----

  /**
   * Starts the VM: assembles every disk's data path (options unwrap their keys here), then boots.
   * Nothing changes when it fails.
   *
   * @throws VmStartException naming the disk or the boot step and the key that could not be had
   * @throws IllegalStateException when the VM is already running
   */
  public synchronized void start() throws VmStartException {
    if (state == VmState.RUNNING) {
      throw new IllegalStateException("VM " + name + " is already running");
    }
    for (VirtualDisk disk : disks) {
      try {
        disk.connect(assemble(disk));
      } catch (GeneralSecurityException e) {
        releasePaths();
        throw new VmStartException("VM " + name + " cannot start: disk " + disk.name() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        releasePaths();
        throw e;
      }
    }
    VmState before = state;
    state = VmState.RUNNING;
    for (BootHook hook : bootHooks) {
      try {
        hook.boot(this);
      } catch (GeneralSecurityException e) {
        releasePaths();
        state = before;
        // Whatever earlier hooks unlocked was in the memory of a guest that never came up.
        stopHooks.forEach(Runnable::run);
        throw new VmStartException("VM " + name + " cannot boot: " + e.getMessage(), e);
      }
    }
    lastStopReason = null;
  }

  /** Stops the VM (it stays allocated): caches are flushed, guest memory and path keys are dropped. */
  public synchronized void stop() {
    stop(null);
  }

  /** Stops the VM, recording why (for example, the platform stopping it after a key was revoked). */
  public synchronized void stop(String reason) {
    if (state == VmState.RUNNING) {
      releasePaths();
      state = VmState.STOPPED;
      stopHooks.forEach(Runnable::run);
    }
    if (reason != null) {
      lastStopReason = reason;
    }
  }

  /** Stops and releases the VM from its host: the temp disk and the host caches are wiped. */
  public synchronized void deallocate() {
    stop(null);
    for (VirtualDisk disk : disks) {
      disk.hostMedia().wipe();
    }
    state = VmState.DEALLOCATED;
  }

  /**
   * Disconnects every disk (flushing its path), then drops the keys of the layers built for it, even
   * when a flush fails.
   */
  private void releasePaths() {
    try {
      disks.forEach(VirtualDisk::disconnect);
    } finally {
      pathLayers.forEach(EncryptionLayer::evictKey);
      pathLayers.clear();
    }
  }

  private BlockDevice assemble(VirtualDisk disk) throws GeneralSecurityException {
    if (!disk.role().managed()) {
      return apply(Placement.HOST_TEMP_MEDIA, disk, disk.hostMedia());
    }
    BlockDevice below = disk.managedDisk().media();
    for (LayerFactory layer : disk.managedDisk().storageLayers()) {
      below = attach(layer, disk, below, cloud.storageCluster().account());
    }
    BlockDevice egress = apply(Placement.HOST_EGRESS, disk, links.get(disk.name()).connect(below));
    BlockDevice cacheStore = apply(Placement.HOST_CACHE_MEDIA, disk, disk.hostMedia());
    return apply(Placement.HOST_DISK, disk, new HostCache(egress, cacheStore, disk.hostMedia(), disk.cachePolicy()));
  }

  private BlockDevice apply(Placement placement, VirtualDisk disk, BlockDevice below) throws GeneralSecurityException {
    LayerFactory layer = hostLayers.get(placement); // reached only from start(), which holds the lock
    return layer == null ? below : attach(layer, disk, below, host.account());
  }

  /** Builds {@code layer} over {@code below} and remembers the encryption layers it built, to evict them. */
  private BlockDevice attach(LayerFactory layer, VirtualDisk disk, BlockDevice below, CpuAccount payer)
      throws GeneralSecurityException {
    BlockDevice top = layer.attach(disk, below, payer);
    for (BlockDevice built = top; built != below && built instanceof BlockDeviceDecorator decorator;
        built = decorator.below()) {
      if (built instanceof EncryptionLayer encryption) {
        pathLayers.add(encryption);
      }
    }
    return top;
  }

  @Override
  public String toString() {
    return "VirtualMachine[" + name + ", " + image.name() + ", " + size.name() + ", " + state + "]";
  }
}
