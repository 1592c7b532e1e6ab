package io.diskcrypt.core.topology;

import java.util.Objects;

/**
 * A VM size (SKU) and the capabilities the encryption options depend on.
 *
 * @param name such as {@code Standard_D4s_v3}
 * @param tempDiskBytes the size of the temp disk, 0 for sizes without one
 * @param encryptionAtHostSupported the {@code EncryptionAtHostSupported} capability
 */
public record VmSize(String name, long tempDiskBytes, boolean encryptionAtHostSupported) {
  /** 4 vCPUs, a 32 GiB temp disk, supports encryption at host. */
  public static final VmSize D4S_V3 = new VmSize("Standard_D4s_v3", 32L << 30, true);
  /** 2 vCPUs, no temp disk, supports encryption at host. */
  public static final VmSize D2AS_V5 = new VmSize("Standard_D2as_v5", 0, true);
  /** An older size without the encryption-at-host capability. */
  public static final VmSize A2_V2 = new VmSize("Standard_A2_v2", 20L << 30, false);

  /** Checks the values. */
  public VmSize {
    Objects.requireNonNull(name, "name");
    if (tempDiskBytes < 0) {
      throw new IllegalArgumentException("temp disk size must be >= 0, got " + tempDiskBytes);
    }
  }

  /** True when the size has a temp disk. */
  public boolean hasTempDisk() {
    return tempDiskBytes > 0;
  }
}
