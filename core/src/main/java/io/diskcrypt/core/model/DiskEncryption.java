package io.diskcrypt.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A managed disk's {@code encryption}: the server-side encryption type and, for a customer's key, the
 * disk encryption set it goes through. Each managed disk has its own: one VM may have an OS disk under
 * a platform key and data disks under different sets.
 *
 * @param type {@code encryption.type}
 * @param diskEncryptionSetId {@code encryption.diskEncryptionSetId}: present exactly when the type
 *     uses a customer's key
 */
public record DiskEncryption(EncryptionType type, Optional<String> diskEncryptionSetId) {
  /** A platform-managed key, the default of every managed disk. */
  public static final DiskEncryption PLATFORM_KEY = new DiskEncryption(EncryptionType.PLATFORM_KEY, Optional.empty());

  /**
   * Checks that a disk encryption set is named exactly when the type uses a customer's key.
   *
   * @throws IllegalArgumentException otherwise
   */
  public DiskEncryption {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(diskEncryptionSetId, "diskEncryptionSetId");
    if (type.usesCustomerKey() != diskEncryptionSetId.isPresent()) {
      throw new IllegalArgumentException(type.wireName() + (type.usesCustomerKey()
          ? " needs a disk encryption set" : " takes no disk encryption set"));
    }
  }

  /** {@code type} through the disk encryption set {@code diskEncryptionSetId}. */
  public static DiskEncryption of(EncryptionType type, String diskEncryptionSetId) {
    return new DiskEncryption(type, Optional.of(diskEncryptionSetId));
  }
}
