package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.SparseMedia;
import java.util.Objects;

/**
 * A disk as its VM sees it: the OS disk, a data disk or the temp disk. As a {@link BlockDevice} it is
 * the raw virtual disk the guest's block layer sees; {@link #guestVolume()} is what the workload
 * writes to, which is the same device unless the guest has mounted an encrypted volume on it (ADE).
 * I/O fails with {@link DeviceUnavailableException} unless the VM is running.
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
  private volatile BlockDevice path;
  private volatile BlockDevice guestVolume;

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
    running().read(sector, buffer, offset, length);
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    running().write(sector, buffer, offset, length);
  }

  @Override
  public void flush() {
    running().flush();
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

  void connect(BlockDevice assembled) {
    path = assembled;
  }

  void disconnect() {
    BlockDevice old = path;
    path = null;
    guestVolume = null;
    if (old != null) {
      old.flush();
    }
  }

  private BlockDevice running() {
    BlockDevice current = path;
    if (current == null || vm.state() != VmState.RUNNING) {
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
