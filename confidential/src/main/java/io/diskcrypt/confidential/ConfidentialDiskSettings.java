package io.diskcrypt.confidential;

import io.diskcrypt.core.model.SecurityEncryptionType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a confidential VM's OS disk asks of confidential disk encryption: the {@code
 * securityEncryptionType}, the customer's disk encryption set if any (else a platform key), and
 * whether the guest also encrypts the temp disk (a preview feature, off unless asked for).
 *
 * @param type the OS disk's {@code securityProfile.securityEncryptionType}
 * @param diskEncryptionSet the customer's set, or empty for a platform key
 * @param tempDiskEncryption the preview's temp disk encryption in the guest
 */
public record ConfidentialDiskSettings(SecurityEncryptionType type, Optional<ConfidentialDiskEncryptionSet> diskEncryptionSet,
    boolean tempDiskEncryption) {
  /** Checks the fields are present. */
  public ConfidentialDiskSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(diskEncryptionSet, "diskEncryptionSet");
  }

  /** {@code type} with a platform key, no temp disk encryption. */
  public static ConfidentialDiskSettings platformKey(SecurityEncryptionType type) {
    return new ConfidentialDiskSettings(type, Optional.empty(), false);
  }

  /** The OS disk encrypted with its guest state ({@code DiskWithVMGuestState}) under the customer's key. */
  public static ConfidentialDiskSettings customerKey(ConfidentialDiskEncryptionSet set) {
    return new ConfidentialDiskSettings(SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE, Optional.of(set), false);
  }

  /** The same settings with the preview's temp disk encryption turned on. */
  public ConfidentialDiskSettings withTempDiskEncryption() {
    return new ConfidentialDiskSettings(type, diskEncryptionSet, true);
  }
}
