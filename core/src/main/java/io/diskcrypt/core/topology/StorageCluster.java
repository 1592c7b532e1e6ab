package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.model.CreationData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The storage cluster that holds managed disks, with the CPU account of its front end. */
public final class StorageCluster {
  private final String name;
  private final CpuAccount account;
  private final Map<String, ManagedDisk> disks = new LinkedHashMap<>();
  private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();

  StorageCluster(String name, CpuAccount account) {
    this.name = Objects.requireNonNull(name, "name");
    this.account = Objects.requireNonNull(account, "account");
  }

  /** The cluster's name. */
  public String name() {
    return name;
  }

  /** The account the cluster's front end charges its crypto to. */
  public CpuAccount account() {
    return account;
  }

  /**
   * The largest managed disk: 32,767 GiB, Azure's limit for Standard HDD, Standard SSD and Premium
   * SSD (S80, E80, P80).
   */
  public static final long MAX_DISK_BYTES = 32_767L << 30;

  /**
   * Creates an empty managed disk ({@code createOption Empty}).
   *
   * @throws IllegalArgumentException when the name is taken, or the size is not a positive multiple
   *     of the sector size or exceeds {@link #MAX_DISK_BYTES}
   */
  public synchronized ManagedDisk createDisk(String diskName, long sizeBytes, SectorSize sectorSize) {
    return newDisk(diskName, sizeBytes, sectorSize, CreationData.EMPTY);
  }

  /**
   * Creates a disk for upload ({@code createOption Upload}): a new resource the customer writes the
   * bytes into, so it carries no "ever had ADE" mark, no ADE settings and no keys, whatever disk the
   * bytes came from. Azure's documented way off ADE: upload the data to such disks and attach them to
   * a VM that never had ADE. The simulation writes the bytes through the VM the disk is attached to
   * (the storage cluster has no data path of its own), so they are encrypted as that VM's options say.
   *
   * @throws IllegalArgumentException as {@link #createDisk(String, long, SectorSize)}
   */
  public synchronized ManagedDisk createUploadDisk(String diskName, long sizeBytes, SectorSize sectorSize) {
    return newDisk(diskName, sizeBytes, sectorSize, CreationData.UPLOAD);
  }

  /**
   * A copy of {@code source} named {@code copyName} ({@code createOption Copy} of a disk): its stored
   * bytes, wrapped keys, encryption, security profile, ADE settings and "ever had ADE" mark. Writes
   * still in a ReadWrite host cache are not in it, as in a crash-consistent snapshot.
   *
   * @throws IllegalArgumentException when the name is taken or the source is not of this cluster
   */
  public synchronized ManagedDisk copyDisk(ManagedDisk source, String copyName) {
    requireOurs(source);
    ManagedDisk copy = newDisk(copyName, source.sizeBytes(), source.sectorSize(), CreationData.copyOf(source.name()));
    source.copyInto(copy);
    return copy;
  }

  /**
   * Takes a full snapshot of {@code source} named {@code snapshotName}: its stored bytes, wrapped keys
   * and model, the "ever had ADE" mark included. The disk may be attached to a running VM; what its
   * ReadWrite host cache holds and has not written back is not in the snapshot.
   *
   * @throws IllegalArgumentException when the name is taken by a disk or snapshot, or the source is not
   *     of this cluster
   */
  public synchronized Snapshot snapshot(ManagedDisk source, String snapshotName) {
    requireOurs(source);
    requireFree(snapshotName);
    ManagedDisk content = new ManagedDisk(snapshotName, source.sizeBytes(), source.sectorSize());
    source.copyInto(content);
    Snapshot snapshot = new Snapshot(content, CreationData.copyOf(source.name()));
    snapshots.put(snapshotName, snapshot);
    return snapshot;
  }

  /**
   * Creates a disk from {@code snapshot} ({@code createOption Copy} of a snapshot): the snapshot's
   * bytes, keys and model, the "ever had ADE" mark included.
   *
   * @throws IllegalArgumentException when the name is taken or the snapshot is not of this cluster
   */
  public synchronized ManagedDisk createDisk(String diskName, Snapshot snapshot) {
    if (snapshots.get(snapshot.name()) != snapshot) {
      throw new IllegalArgumentException("snapshot " + snapshot.name() + " is not in storage cluster " + name);
    }
    ManagedDisk disk = newDisk(diskName, snapshot.sizeBytes(), snapshot.sectorSize(), CreationData.copyOf(snapshot.name()));
    snapshot.content().copyInto(disk);
    return disk;
  }

  /** Every snapshot of the cluster, in creation order. */
  public synchronized List<Snapshot> snapshots() {
    return new ArrayList<>(snapshots.values());
  }

  /**
   * Creates empty disks, all or none: each is checked before the first is created, so a refused
   * request leaves the cluster as it was.
   *
   * @param sizes each new disk's size in bytes by its name, in creation order
   * @throws IllegalArgumentException as {@link #createDisk(String, long, SectorSize)}, for the first
   *     disk refused
   */
  synchronized List<ManagedDisk> createDisks(Map<String, Long> sizes, SectorSize sectorSize) {
    sizes.forEach((diskName, sizeBytes) -> requireCreatable(diskName, sizeBytes, sectorSize));
    List<ManagedDisk> created = new ArrayList<>();
    sizes.forEach((diskName, sizeBytes) -> created.add(createDisk(diskName, sizeBytes, sectorSize)));
    return created;
  }

  private ManagedDisk newDisk(String diskName, long sizeBytes, SectorSize sectorSize, CreationData creation) {
    requireCreatable(diskName, sizeBytes, sectorSize);
    ManagedDisk disk = new ManagedDisk(diskName, sizeBytes, sectorSize);
    disk.setCreationData(creation);
    disks.put(diskName, disk);
    return disk;
  }

  private void requireCreatable(String diskName, long sizeBytes, SectorSize sectorSize) {
    if (sizeBytes <= 0 || sizeBytes % sectorSize.bytes() != 0) {
      throw new IllegalArgumentException("disk " + diskName + " of " + sizeBytes
          + " bytes: a disk's size must be a positive multiple of its sector size, " + sectorSize.bytes() + " bytes");
    }
    if (sizeBytes > MAX_DISK_BYTES) {
      throw new IllegalArgumentException("disk " + diskName + " of " + sizeBytes + " bytes exceeds the largest managed disk, "
          + MAX_DISK_BYTES + " bytes (32,767 GiB)");
    }
    requireFree(diskName);
  }

  private void requireOurs(ManagedDisk source) {
    if (disks.get(source.name()) != source) {
      throw new IllegalArgumentException("disk " + source.name() + " is not in storage cluster " + name);
    }
  }

  private void requireFree(String resourceName) {
    if (disks.containsKey(resourceName) || snapshots.containsKey(resourceName)) {
      throw new IllegalArgumentException("a disk or snapshot named " + resourceName + " already exists in " + name);
    }
  }

  /**
   * The disk named {@code diskName}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public synchronized ManagedDisk disk(String diskName) {
    ManagedDisk disk = disks.get(diskName);
    if (disk == null) {
      throw new IllegalArgumentException("no disk " + diskName + " in storage cluster " + name);
    }
    return disk;
  }

  /** Every disk of the cluster, in creation order. */
  public synchronized List<ManagedDisk> disks() {
    return new ArrayList<>(disks.values());
  }

  @Override
  public String toString() {
    return "StorageCluster[" + name + "]";
  }
}
