package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.CpuAccount;
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
   * Creates an empty managed disk.
   *
   * @throws IllegalArgumentException when the name is taken, or the size is not a positive multiple
   *     of the sector size or exceeds {@link #MAX_DISK_BYTES}
   */
  public synchronized ManagedDisk createDisk(String diskName, long sizeBytes, SectorSize sectorSize) {
    if (sizeBytes > MAX_DISK_BYTES) {
      throw new IllegalArgumentException("disk " + diskName + " of " + sizeBytes + " bytes exceeds the largest managed disk, "
          + MAX_DISK_BYTES + " bytes (32,767 GiB)");
    }
    if (disks.containsKey(diskName)) {
      throw new IllegalArgumentException("a disk named " + diskName + " already exists in " + name);
    }
    ManagedDisk disk = new ManagedDisk(diskName, sizeBytes, sectorSize);
    disks.put(diskName, disk);
    return disk;
  }

  /**
   * A copy of {@code source} named {@code copyName} (a snapshot, or a disk made from one): its stored
   * bytes, wrapped keys, encryption, security profile, ADE settings and "ever had ADE" mark. Writes
   * still in a ReadWrite host cache are not in it, as in a crash-consistent snapshot.
   *
   * @throws IllegalArgumentException when the name is taken or the source is not of this cluster
   */
  public synchronized ManagedDisk copyDisk(ManagedDisk source, String copyName) {
    if (disks.get(source.name()) != source) {
      throw new IllegalArgumentException("disk " + source.name() + " is not in storage cluster " + name);
    }
    ManagedDisk copy = createDisk(copyName, source.sizeBytes(), source.sectorSize());
    source.copyInto(copy);
    return copy;
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
