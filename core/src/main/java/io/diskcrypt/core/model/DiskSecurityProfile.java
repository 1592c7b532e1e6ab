package io.diskcrypt.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A managed disk's {@code securityProfile}: set on the OS disk of a confidential VM.
 *
 * @param securityEncryptionType what is encrypted with the VM's guest state, if anything
 * @param secureVmDiskEncryptionSetId the disk encryption set of confidential disk encryption with a
 *     customer's key, if any
 */
public record DiskSecurityProfile(Optional<SecurityEncryptionType> securityEncryptionType,
    Optional<String> secureVmDiskEncryptionSetId) {
  /** No security profile (every disk that is not a confidential VM's OS disk). */
  public static final DiskSecurityProfile NONE = new DiskSecurityProfile(Optional.empty(), Optional.empty());

  /** Checks both are present and that a set is given only with a security encryption type. */
  public DiskSecurityProfile {
    Objects.requireNonNull(securityEncryptionType, "securityEncryptionType");
    Objects.requireNonNull(secureVmDiskEncryptionSetId, "secureVmDiskEncryptionSetId");
    if (securityEncryptionType.isEmpty() && secureVmDiskEncryptionSetId.isPresent()) {
      throw new IllegalArgumentException("secureVMDiskEncryptionSetId needs a securityEncryptionType");
    }
  }

  /** A profile with {@code type} and no disk encryption set (platform keys). */
  public static DiskSecurityProfile of(SecurityEncryptionType type) {
    return new DiskSecurityProfile(Optional.of(type), Optional.empty());
  }
}
