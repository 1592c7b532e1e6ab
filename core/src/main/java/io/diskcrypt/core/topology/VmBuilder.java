package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.model.VmSecurityProfile;
import io.diskcrypt.core.model.VmSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes a VM and its disks, then builds it (deallocated: call {@link VirtualMachine#start()}).
 * Defaults: Ubuntu 22.04 from the marketplace, Standard_D4s_v3 (with a temp disk), subscription
 * {@link Cloud#DEFAULT_SUBSCRIPTION}, security type Standard, a 30 GiB OS disk with ReadWrite caching,
 * 512-byte sectors, no data disk.
 */
public final class VmBuilder {
  private final Cloud cloud;
  private final String name;
  private Image image = Image.UBUNTU_22_04;
  private VmSize size = VmSize.D4S_V3;
  private String subscription = Cloud.DEFAULT_SUBSCRIPTION;
  private SecurityType securityType = SecurityType.STANDARD;
  private SectorSize sectorSize = SectorSize.S512;
  private long osDiskBytes = 30L << 30;
  private CachePolicy osCache = CachePolicy.READ_WRITE;
  private final List<DataDisk> dataDisks = new ArrayList<>();

  private record DataDisk(long bytes, CachePolicy cache) {}

  VmBuilder(Cloud cloud, String name) {
    this.cloud = cloud;
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("VM name must be non-blank and contain no '/': " + name);
    }
    this.name = name;
  }

  /** The image to boot. */
  public VmBuilder image(Image value) {
    image = Objects.requireNonNull(value, "image");
    return this;
  }

  /** The VM size. */
  public VmBuilder size(VmSize value) {
    size = Objects.requireNonNull(value, "size");
    return this;
  }

  /** The subscription. */
  public VmBuilder subscription(String value) {
    subscription = Objects.requireNonNull(value, "subscription");
    return this;
  }

  /** {@code securityProfile.securityType}: Standard, TrustedLaunch or ConfidentialVM. */
  public VmBuilder securityType(SecurityType value) {
    securityType = Objects.requireNonNull(value, "securityType");
    return this;
  }

  /** The sector size of every disk of the VM. */
  public VmBuilder sectorSize(SectorSize value) {
    sectorSize = Objects.requireNonNull(value, "sectorSize");
    return this;
  }

  /** The OS disk's size and host cache setting. */
  public VmBuilder osDisk(long sizeBytes, CachePolicy cache) {
    osDiskBytes = sizeBytes;
    osCache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  /** Adds a data disk, named {@code data0}, {@code data1}, ... in order. */
  public VmBuilder dataDisk(long sizeBytes, CachePolicy cache) {
    dataDisks.add(new DataDisk(sizeBytes, Objects.requireNonNull(cache, "cache")));
    return this;
  }

  /**
   * Builds the VM and creates its managed disks in the storage cluster. Everything is checked before
   * anything is created, so a refused build leaves the region as it was: no disk, no VM.
   *
   * @throws IllegalArgumentException when a disk size is not a positive multiple of the sector size
   *     or exceeds {@link StorageCluster#MAX_DISK_BYTES} (the message names the disk), the VM's name
   *     or a disk's name is taken, or a confidential VM is asked of a size without that capability
   */
  public VirtualMachine build() {
    if (securityType == SecurityType.CONFIDENTIAL_VM && !size.confidentialVmSupported()) {
      throw new IllegalArgumentException("VM size " + size.name() + " cannot host a confidential VM: choose a"
          + " confidential size such as " + VmSize.DC2AS_V5.name());
    }
    Map<String, Long> diskSizes = new LinkedHashMap<>();
    diskSizes.put(name + "-os", osDiskBytes);
    for (int i = 0; i < dataDisks.size(); i++) {
      diskSizes.put(name + "-data" + i, dataDisks.get(i).bytes());
    }
    synchronized (cloud) { // no other build takes the name between the check and the registration
      cloud.requireNoVm(name);
      List<ManagedDisk> managed = cloud.storageCluster().createDisks(diskSizes, sectorSize);
      VirtualMachine vm = new VirtualMachine(cloud, name, subscription, image, size, cloud.defaultHost(),
          VmSecurityProfile.STANDARD.withSecurityType(securityType));
      addManaged(vm, managed.get(0), "os", DiskRole.OS, osCache);
      for (int i = 0; i < dataDisks.size(); i++) {
        addManaged(vm, managed.get(i + 1), "data" + i, DiskRole.DATA, dataDisks.get(i).cache());
      }
      if (size.hasTempDisk()) {
        SparseMedia local = new SparseMedia(name + "/temp: host temp-disk media", size.tempDiskBytes(), sectorSize);
        vm.addDisk(new VirtualDisk(vm, "temp", DiskRole.TEMP, CachePolicy.NONE, null, local));
      }
      cloud.register(vm);
      return vm;
    }
  }

  private static void addManaged(VirtualMachine vm, ManagedDisk disk, String name, DiskRole role, CachePolicy cache) {
    SparseMedia cacheMedia = new SparseMedia(
        vm.name() + "/" + name + ": host cache media", disk.sizeBytes(), disk.sectorSize());
    disk.attach(vm);
    vm.addDisk(new VirtualDisk(vm, name, role, cache, disk, cacheMedia));
  }
}
