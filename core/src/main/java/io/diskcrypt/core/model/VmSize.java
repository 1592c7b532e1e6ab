package io.diskcrypt.core.model;

import java.util.Objects;

/**
 * A VM size (SKU) and the capabilities the encryption options depend on. Rules that depend on the size
 * (encryption at host, confidential VMs, temp-disk rules of a size series) read these typed fields,
 * never the name.
 *
 * @param name such as {@code Standard_D4s_v3}
 * @param family the series family, the letters before the vCPU count: {@code D} for {@code Standard_D4s_v3},
 *     {@code A} for {@code Standard_A2_v2}, {@code DC} for {@code Standard_DC2as_v5}
 * @param basicTier true for a Basic-tier size ({@code Basic_A1}), which lacks features of the Standard tier
 * @param vCpus the number of vCPUs
 * @param memoryGiB the memory in GiB
 * @param seriesVersion the series version, the {@code N} of {@code _vN} (1 for sizes without one)
 * @param tempDiskBytes the size of the temp (resource) disk, 0 for sizes without one
 * @param encryptionAtHostSupported the {@code EncryptionAtHostSupported} capability
 * @param confidentialVmSupported the {@code ConfidentialComputingType} capability (a DCas/ECas v5 size)
 */
public record VmSize(String name, String family, boolean basicTier, int vCpus, int memoryGiB, int seriesVersion,
    long tempDiskBytes, boolean encryptionAtHostSupported, boolean confidentialVmSupported) {
  /** 4 vCPUs, 16 GiB, a 32 GiB temp disk, supports encryption at host. */
  public static final VmSize D4S_V3 = new VmSize("Standard_D4s_v3", "D", false, 4, 16, 3, 32L << 30, true, false);
  /**
   * A v5 size with a temp disk (Ddsv5 series): 4 vCPUs, 16 GiB, a 150 GiB temp disk, supports encryption
   * at host; the platform encrypts its temp disk at rest ({@link #encryptsTempDiskAtRest()}).
   */
  public static final VmSize D4DS_V5 = new VmSize("Standard_D4ds_v5", "D", false, 4, 16, 5, 150L << 30, true, false);
  /** 2 vCPUs, 8 GiB, no temp disk, supports encryption at host. */
  public static final VmSize D2AS_V5 = new VmSize("Standard_D2as_v5", "D", false, 2, 8, 5, 0, true, false);
  /** An older size without the encryption-at-host capability: 2 vCPUs, 3.5 GiB (rounded to 4), a 20 GiB temp disk. */
  public static final VmSize A2_V2 = new VmSize("Standard_A2_v2", "A", false, 2, 4, 2, 20L << 30, false, false);
  /** A confidential size: 2 vCPUs, 8 GiB, no temp disk, AMD SEV-SNP. */
  public static final VmSize DC2AS_V5 = new VmSize("Standard_DC2as_v5", "DC", false, 2, 8, 5, 0, true, true);

  /** Checks the values. */
  public VmSize {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(family, "family");
    if (family.isEmpty()) {
      throw new IllegalArgumentException("VM size " + name + ": family must not be empty");
    }
    if (vCpus < 1 || memoryGiB < 1 || seriesVersion < 1) {
      throw new IllegalArgumentException("VM size " + name + ": vCpus, memoryGiB and seriesVersion must be >= 1, got "
          + vCpus + ", " + memoryGiB + ", " + seriesVersion);
    }
    if (tempDiskBytes < 0) {
      throw new IllegalArgumentException("temp disk size must be >= 0, got " + tempDiskBytes);
    }
  }

  /** True when the size has a temp disk. */
  public boolean hasTempDisk() {
    return tempDiskBytes > 0;
  }

  /**
   * True when the platform encrypts this size's temp disk at rest with a platform key, whatever
   * encryption option is on: a size of series version 5 or later (Dsv5, Dsv6, ...) with a temp disk.
   * Source: Microsoft Learn, "Overview of managed disk encryption options" (Azure VMs of version 5 and
   * above encrypt their temp disks and ephemeral OS disks at rest automatically; see
   * {@code ../shared/reference/real-systems.md}, section 3). Confidential sizes are left out: their temp
   * disk encryption is the guest's, an opt-in in preview, and is modelled as such.
   */
  public boolean encryptsTempDiskAtRest() {
    return seriesVersion >= 5 && hasTempDisk() && !confidentialVmSupported;
  }

  /** A copy with another temp disk size (a test size, say). */
  public VmSize withTempDisk(String newName, long bytes) {
    return new VmSize(newName, family, basicTier, vCpus, memoryGiB, seriesVersion, bytes, encryptionAtHostSupported,
        confidentialVmSupported);
  }
}
