package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.SparseMedia;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A disk as its VM sees it: the OS disk, a data disk or the temp disk. As a {@link BlockDevice} it is
 * the raw virtual disk the guest's block layer sees; {@link #guestVolume()} is what the workload
 * writes to, which is the same device unless the guest has mounted an encrypted volume on it (ADE).
 * I/O fails with {@link DeviceUnavailableException} unless the VM is running.
 *
 * <p>No acknowledged write is lost when the VM stops: closing the disk takes it out of service for new
 * I/O, waits for the I/O in flight, then flushes the path (the host cache among it). An I/O that
 * returned normally is therefore in the path before the flush; one that arrives later fails, naming
 * the VM's state.
 */
public final class VirtualDisk implements BlockDevice {
  private final VirtualMachine vm;
  private final String name;
  private final DiskRole role;
  private final CachePolicy cachePolicy;
  private final ManagedDisk managedDisk;
  private final SparseMedia hostMedia;
  private final SectorSize sectorSize;
  private final long sectorCount;
  /** Held shared by each I/O, exclusively by {@link #close()}: a close waits for the I/O in flight. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  /** The assembled path while the VM runs, else null; written only under the exclusive gate. */
  private volatile BlockDevice path;
  private volatile List<PathLayer> pathLayers = List.of();
  private volatile BlockDevice guestVolume;
  /** True once detached from its VM: this handle is out of service for good. */
  private volatile boolean detached;

  VirtualDisk(VirtualMachine vm, String name, DiskRole role, CachePolicy cachePolicy, ManagedDisk managedDisk,
      SparseMedia hostMedia) {
    this.vm = vm;
    this.name = name;
    this.role = role;
    this.cachePolicy = cachePolicy;
    this.managedDisk = managedDisk;
    this.hostMedia = hostMedia;
    this.sectorSize = hostMedia.sectorSize();
    this.sectorCount = hostMedia.sectorCount();
  }

  /** The disk's name within its VM, such as {@code "os"}, {@code "data0"}, {@code "temp"}. */
  public String name() {
    return name;
  }

  /** The VM the disk belongs to. */
  public VirtualMachine vm() {
    return vm;
  }

  /** OS, data or temp. */
  public DiskRole role() {
    return role;
  }

  /** The host cache setting (always {@link CachePolicy#NONE} for the temp disk). */
  public CachePolicy cachePolicy() {
    return cachePolicy;
  }

  /** The managed disk behind an OS or data disk; null for the temp disk. */
  public ManagedDisk managedDisk() {
    return managedDisk;
  }

  /** The host media of this disk: the temp disk's local media, or the cache media of a managed disk. */
  public SparseMedia hostMedia() {
    return hostMedia;
  }

  @Override
  public SectorSize sectorSize() {
    return sectorSize;
  }

  @Override
  public long sectorCount() {
    return sectorCount;
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    gate.readLock().lock();
    try {
      running().read(sector, buffer, offset, length);
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    gate.readLock().lock();
    try {
      running().write(sector, buffer, offset, length);
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public void flush() {
    gate.readLock().lock();
    try {
      running().flush();
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * The encryption layers the current start built into this disk's path, innermost first, with their
   * placement and option; empty while the VM is not running.
   */
  public List<PathLayer> pathLayers() {
    return pathLayers;
  }

  /** What the guest's workload reads and writes: the mounted volume, or this disk. */
  public BlockDevice guestVolume() {
    BlockDevice volume = guestVolume;
    return volume != null ? volume : this;
  }

  /**
   * Mounts a volume the guest built on this disk (an unlocked dm-crypt or BitLocker volume); it is
   * forgotten when the VM stops, as guest memory is.
   *
   * @throws IllegalStateException unless the VM is running
   */
  public void mountGuestVolume(BlockDevice volume) {
    if (vm.state() != VmState.RUNNING) {
      throw new IllegalStateException("cannot mount a volume on " + describe() + ": VM is " + vm.state());
    }
    guestVolume = Objects.requireNonNull(volume, "volume");
  }

  /**
   * Unmounts the guest's volume (after the guest decrypted the disk): the workload sees this disk again.
   */
  public void unmountGuestVolume() {
    guestVolume = null;
  }

  /** True while an encrypted guest volume is mounted. */
  public boolean guestVolumeMounted() {
    return guestVolume != null;
  }

  void connect(BlockDevice assembled, List<PathLayer> layers) {
    gate.writeLock().lock();
    try {
      path = assembled;
      pathLayers = List.copyOf(layers);
    } finally {
      gate.writeLock().unlock();
    }
  }

  /**
   * Takes the disk out of service: no new I/O starts, the I/O in flight completes, then the path is
   * flushed and the keys of its layers are evicted (even when the flush fails).
   */
  void close() {
    takeOutOfService(true);
  }

  /**
   * Takes the disk out of service as a failed host does: nothing is flushed, so what the host cache
   * held and had not written back is lost; the keys of its layers are evicted.
   */
  void drop() {
    takeOutOfService(false);
  }

  private void takeOutOfService(boolean flush) {
    gate.writeLock().lock();
    try {
      BlockDevice old = path;
      path = null;
      guestVolume = null;
      if (old != null && flush) {
        old.flush();
      }
    } finally {
      pathLayers.forEach(l -> l.layer().evictKey());
      pathLayers = List.of();
      gate.writeLock().unlock();
    }
  }

  /** Takes the disk out of service for good, as {@link #close()} does: it is being detached from its VM. */
  void detach() {
    detached = true;
    close();
  }

  /** The path, while the disk is in service; called under the shared gate. */
  private BlockDevice running() {
    BlockDevice current = path;
    if (current == null) {
      if (detached) {
        throw new DeviceUnavailableException(describe() + " is not available: it was detached from VM " + vm.name());
      }
      String why = vm.lastStopReason() == null ? "" : " (" + vm.lastStopReason() + ")";
      throw new DeviceUnavailableException(describe() + " is not available: VM is " + vm.state() + why);
    }
    return current;
  }

  /** {@code vm/disk} for messages. */
  public String describe() {
    return vm.name() + "/" + name;
  }

  @Override
  public String toString() {
    return "VirtualDisk[" + describe() + ", " + role + ", cache " + cachePolicy + "]";
  }
}
