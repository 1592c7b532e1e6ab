package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsKeys;
import io.diskcrypt.core.crypto.XtsParameters;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.VmExtension;
import io.diskcrypt.core.model.VmSecurityProfile;
import io.diskcrypt.core.model.VmSize;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A VM on a host over a storage cluster. Starting it assembles each disk's data path from the media
 * up ({@link #assemble}, the one page that shows the path a sector takes), inserting the layers the
 * region's options put in its {@link Pipeline} at each {@link Placement}. Then the boot hooks run (the
 * guest unlocking its volumes). Stopping takes each disk out of service, waits for its I/O in flight,
 * flushes the caches and drops every key the path held.
 *
 * <p>The VM model that the control plane and an assessor (Defender) see is typed: its size, its
 * {@link VmSecurityProfile} and its {@link VmExtension}s; they cannot see the host.
 */
public final class VirtualMachine {
  private final Cloud cloud;
  private final String name;
  private final String subscription;
  private final Image image;
  private final VmSize size;
  private final Host host;
  private SecretKeyMaterial tempMediaKey;
  private final CpuAccount account;
  /** OS first, then data disks in attachment order, then the temp disk. */
  private final List<VirtualDisk> disks = new CopyOnWriteArrayList<>();
  private final Map<String, LinkTap> links = new ConcurrentHashMap<>();
  private final List<BootHook> bootHooks = new CopyOnWriteArrayList<>();
  private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
  private final List<VmExtension> extensions = new CopyOnWriteArrayList<>();
  private volatile VmSecurityProfile securityProfile;
  private volatile VmState state = VmState.DEALLOCATED;
  private volatile String lastStopReason;
  private volatile boolean everHadGuestEncryption;

  VirtualMachine(Cloud cloud, String name, String subscription, Image image, VmSize size, Host host,
      VmSecurityProfile securityProfile) {
    this.cloud = cloud;
    this.name = name;
    this.subscription = subscription;
    this.image = image;
    this.size = size;
    this.host = host;
    this.securityProfile = securityProfile;
    this.account = cloud.ledger().account(name + " vCPU", AccountKind.VM_VCPU);
  }

  /** Adds a disk: data disks before the temp disk. */
  void addDisk(VirtualDisk disk) {
    if (disks.stream().anyMatch(d -> d.name().equals(disk.name()))) {
      throw new IllegalArgumentException("VM " + name + " already has a disk named " + disk.name());
    }
    int at = disk.role() == DiskRole.TEMP ? disks.size()
        : (int) disks.stream().filter(d -> d.role() != DiskRole.TEMP).count();
    disks.add(at, disk);
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

  /** {@code securityProfile}: encryption at host and the security type. */
  public VmSecurityProfile securityProfile() {
    return securityProfile;
  }

  /**
   * Sets {@code securityProfile} (encryption at host does, for example).
   *
   * @throws IllegalStateException unless the VM is deallocated, as the real control plane requires
   */
  public synchronized void setSecurityProfile(VmSecurityProfile value) {
    Objects.requireNonNull(value, "securityProfile");
    if (value.securityType() != securityProfile.securityType()) {
      throw new IllegalArgumentException("VM " + name + " is " + securityProfile.securityType().wireName()
          + ": the security type is chosen when the VM is created");
    }
    requireDeallocated("change the security profile");
    securityProfile = value;
  }

  /** The extensions installed on the VM, in installation order. */
  public List<VmExtension> extensions() {
    return List.copyOf(extensions);
  }

  /** The installed extension of record type {@code type}, if any. */
  public <T extends VmExtension> Optional<T> extension(Class<T> type) {
    return extensions.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Installs an extension, or replaces the settings of the installed one of the same {@link VmExtension#type()}. */
  public synchronized void addExtension(VmExtension extension) {
    Objects.requireNonNull(extension, "extension");
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).type().equals(extension.type())) {
        extensions.set(i, extension);
        return;
      }
    }
    extensions.add(extension);
  }

  /** Marks that in-guest encryption was ever enabled on this VM: permanent. */
  public void markEverHadGuestEncryption() {
    everHadGuestEncryption = true;
  }

  /** True once in-guest encryption was ever enabled on this VM or on one of its managed disks. */
  public boolean everHadGuestEncryption() {
    return everHadGuestEncryption || disks.stream()
        .anyMatch(d -> d.role().managed() && d.managedDisk().everHadGuestEncryption());
  }

  // ---- disks ----

  /**
   * Attaches an existing managed disk (a detached disk, or a copy) as a data disk named {@code diskName}.
   * As in Azure, a running VM takes it hot: its data path is assembled now (the options unwrap its key
   * here, as at a start) and it is in service when this returns. A stopped or deallocated VM connects
   * it at its next start.
   *
   * @throws KeyAccessException when the VM runs and an option cannot have the disk's key: the disk is
   *     not attached, nothing changed
   * @throws IllegalStateException when the disk is attached elsewhere
   * @throws IllegalArgumentException when the name is taken or the sector size differs from the OS disk's
   */
  public synchronized VirtualDisk attachDataDisk(String diskName, ManagedDisk disk, CachePolicy cache)
      throws KeyAccessException {
    Objects.requireNonNull(disk, "disk");
    if (disk.sectorSize() != osDisk().sectorSize()) {
      throw new IllegalArgumentException("disk " + disk.name() + " has " + disk.sectorSize() + " sectors, VM " + name
          + " has " + osDisk().sectorSize());
    }
    if (disks.stream().anyMatch(d -> d.name().equals(diskName))) {
      throw new IllegalArgumentException("VM " + name + " already has a disk named " + diskName);
    }
    disk.attach(this);
    SparseMedia cacheMedia = new SparseMedia(name + "/" + diskName + ": host cache media", disk.sizeBytes(), disk.sectorSize());
    VirtualDisk attached = new VirtualDisk(this, diskName, DiskRole.DATA, cache, disk, cacheMedia);
    addDisk(attached);
    if (state == VmState.RUNNING) {
      List<PathLayer> built = new ArrayList<>();
      try {
        attached.connect(assemble(attached, built), built);
      } catch (KeyAccessException | RuntimeException e) {
        built.forEach(l -> l.layer().evictKey());
        disks.remove(attached);
        links.remove(diskName);
        disk.detach();
        throw e;
      }
    }
    return attached;
  }

  /**
   * Detaches the data disk {@code diskName}: its managed disk stays in the storage cluster, with its
   * data and keys, and can change its encryption or be attached again. As in Azure, a running VM lets
   * a data disk go hot: the disk takes no new I/O, its I/O in flight completes, its cache is flushed and
   * its path's keys are evicted, as at a stop, while the other disks keep running. No write that
   * returned is lost.
   *
   * @throws IllegalStateException when the guest has an encrypted volume mounted on the disk (in-guest
   *     encryption): the guest must let it go first (decrypt it, or stop the VM)
   * @throws IllegalArgumentException when there is no such data disk (the OS disk cannot be detached)
   */
  public synchronized ManagedDisk detachDataDisk(String diskName) {
    VirtualDisk disk = disk(diskName);
    if (disk.role() != DiskRole.DATA) {
      throw new IllegalArgumentException("only data disks can be detached: " + disk.describe() + " is " + disk.role());
    }
    if (disk.guestVolumeMounted()) {
      throw new IllegalStateException("cannot detach " + disk.describe() + ": the guest has an encrypted volume"
          + " mounted on it; decrypt it in the guest or stop the VM first");
    }
    disk.detach();
    disks.remove(disk);
    links.remove(diskName);
    disk.managedDisk().detach();
    return disk.managedDisk();
  }

  // ---- the guest's hooks ----

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
   *     ({@link VmStartException#keyProblem()})
   * @throws IllegalStateException when the VM is already running
   */
  public synchronized void start() throws VmStartException {
    if (state == VmState.RUNNING) {
      throw new IllegalStateException("VM " + name + " is already running");
    }
    for (VirtualDisk disk : disks) {
      List<PathLayer> built = new ArrayList<>();
      try {
        disk.connect(assemble(disk, built), built);
      } catch (KeyAccessException e) {
        built.forEach(l -> l.layer().evictKey());
        closeDisks();
        throw new VmStartException("VM " + name + " cannot start: disk " + disk.name() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        built.forEach(l -> l.layer().evictKey());
        closeDisks();
        throw e;
      }
    }
    VmState before = state;
    state = VmState.RUNNING;
    for (BootHook hook : bootHooks) {
      try {
        hook.boot(this);
      } catch (GeneralSecurityException e) {
        closeDisks();
        state = before;
        // Whatever earlier hooks unlocked was in the memory of a guest that never came up.
        stopHooks.forEach(Runnable::run);
        throw new VmStartException("VM " + name + " cannot boot: " + e.getMessage(), e);
      }
    }
    lastStopReason = null;
  }

  /**
   * Stops the VM (it stays allocated): each disk takes no new I/O, its I/O in flight completes, its
   * cache is flushed; then guest memory and the path keys are dropped. No write that returned is lost.
   */
  public synchronized void stop() {
    stop(null);
  }

  /** Stops the VM, recording why (for example, the platform stopping it after a key was revoked). */
  public synchronized void stop(String reason) {
    if (reason != null) {
      lastStopReason = reason;
    }
    if (state == VmState.RUNNING) {
      state = VmState.STOPPING;
      try {
        closeDisks();
      } finally {
        state = VmState.STOPPED;
        stopHooks.forEach(Runnable::run);
      }
    }
  }

  /**
   * The host fails under the running VM. No disk is flushed: the writes a ReadWrite host cache held and
   * had not written back are lost, with the host's media (the temp disk, every cache) and guest memory;
   * writes acknowledged through a ReadOnly or None cache are on the storage cluster already. Then the
   * platform heals the VM on a healthy host, as Azure's service healing does: it starts again (the
   * options unwrap their keys anew), and when that start fails it stays stopped, its stop reason
   * saying why.
   *
   * @throws IllegalStateException unless the VM is running
   */
  public synchronized void crashHost() {
    if (state != VmState.RUNNING) {
      throw new IllegalStateException("VM " + name + " is " + state + ": only a running VM's host can fail under it");
    }
    state = VmState.STOPPING;
    try {
      for (VirtualDisk disk : disks) {
        disk.drop();
        disk.hostMedia().wipe();
      }
    } finally {
      state = VmState.STOPPED;
      lastStopReason = "host failure: unflushed host-cache writes, the temp disk and guest memory were lost";
      stopHooks.forEach(Runnable::run);
    }
    try {
      start();
    } catch (VmStartException e) {
      lastStopReason = lastStopReason + "; the platform could not restart the VM: " + e.getMessage();
    }
  }

  /** Stops and releases the VM from its host: the temp disk and the host caches are wiped. */
  public synchronized void deallocate() {
    stop(null);
    for (VirtualDisk disk : disks) {
      disk.hostMedia().wipe();
    }
    if (tempMediaKey != null) {
      tempMediaKey.destroy();
      tempMediaKey = null;
    }
    state = VmState.DEALLOCATED;
  }

  /** Closes every disk (each flushes its path and evicts its keys), even when one fails. */
  private void closeDisks() {
    RuntimeException first = null;
    for (VirtualDisk disk : disks) {
      try {
        disk.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The path a sector takes, from the guest's virtual disk down to the media, with the options'
   * layers inserted at their placements. Read bottom-up:
   *
   * <pre>
   * temp disk:      host temp media  (on a v5+ size, the local drive's platform-key layer)
   *                                  [HOST_TEMP_MEDIA]
   * OS, data disks: storage media    [STORAGE]  (storage cluster front end)
   *                 compute-storage link (tapped)
   *                                  [HOST_EGRESS]
   *                 host cache       over cache media [HOST_CACHE_MEDIA]
   *                                  [HOST_DISK]  (where the VM's I/O arrives on the host)
   * </pre>
   */
  private BlockDevice assemble(VirtualDisk disk, List<PathLayer> built) throws KeyAccessException {
    if (!disk.role().managed()) {
      BlockDevice media = size.encryptsTempDiskAtRest() ? localDriveEncryption(disk, built) : disk.hostMedia();
      return insert(Placement.HOST_TEMP_MEDIA, disk, media, built);
    }
    BlockDevice stored = insert(Placement.STORAGE, disk, disk.managedDisk().media(), built);
    BlockDevice egress = insert(Placement.HOST_EGRESS, disk, links.get(disk.name()).connect(stored), built);
    BlockDevice cacheStore = insert(Placement.HOST_CACHE_MEDIA, disk, disk.hostMedia(), built);
    HostCache cache = new HostCache(egress, cacheStore, disk.hostMedia(), disk.cachePolicy());
    return insert(Placement.HOST_DISK, disk, cache, built);
  }

  /**
   * The platform's encryption of the temp disk's local media on a size that {@link
   * VmSize#encryptsTempDiskAtRest() encrypts it at rest}: below every placement, whatever option is on,
   * as the host's local drive encrypts what it stores. The key is a random AES-256-XTS key of the
   * platform that lives as long as the media's contents: made afresh whenever the media is empty (after
   * a deallocation or a host failure wiped it), so the temp disk's data survives a stop and start. The
   * crypto is charged to a platform account of the host's local drive, neither the VM's vCPU nor the
   * host's CPU. The layer is recorded at {@link Placement#HOST_TEMP_MEDIA}, innermost, so its key is
   * evicted with the path's.
   */
  private BlockDevice localDriveEncryption(VirtualDisk disk, List<PathLayer> built) {
    SparseMedia media = disk.hostMedia();
    if (tempMediaKey == null || media.sectorsHeld() == 0) {
      if (tempMediaKey != null) {
        tempMediaKey.destroy();
      }
      tempMediaKey = XtsKeys.random(XtsParameters.AES_256_XTS_512.keyBytes());
    }
    XtsParameters parameters = XtsParameters.AES_256_XTS_512.withSectorSize(media.sectorSize());
    CpuAccount drive = cloud.ledger().account(host.name() + " local temp-disk drive", AccountKind.PLATFORM_SERVICE);
    EncryptionLayer layer = new EncryptionLayer(media, XtsEngines.defaultEngine().newCipher(parameters, tempMediaKey), drive,
        "platform-managed key of host " + host.name() + "'s local drive (temp disk of VM " + name + ", size " + size.name()
            + ": v" + size.seriesVersion() + " sizes encrypt their temp disk at rest)", true);
    built.add(new PathLayer(Placement.HOST_TEMP_MEDIA, "platform temp-disk encryption", layer));
    return layer;
  }

  /**
   * Builds the layers of every option inserted at {@code placement} over {@code below}, innermost
   * first, and records the encryption layers they built.
   */
  private BlockDevice insert(Placement placement, VirtualDisk disk, BlockDevice below, List<PathLayer> built)
      throws KeyAccessException {
    CpuAccount payer = placement.payer() == AccountKind.STORAGE_CLUSTER ? cloud.storageCluster().account() : host.account();
    BlockDevice top = below;
    for (Pipeline.Insertion insertion : cloud.pipeline().at(placement)) {
      BlockDevice layer = insertion.factory().attach(disk, top, payer);
      List<PathLayer> made = new ArrayList<>();
      for (BlockDevice d = layer; d != top && d instanceof BlockDeviceDecorator decorator; d = decorator.below()) {
        if (d instanceof EncryptionLayer encryption) {
          made.add(0, new PathLayer(placement, insertion.option(), encryption));
        }
      }
      built.addAll(made);
      top = layer;
    }
    return top;
  }

  @Override
  public String toString() {
    return "VirtualMachine[" + name + ", " + image.name() + ", " + size.name() + ", " + state + "]";
  }
}
