package io.diskcrypt.sse;

import io.diskcrypt.core.model.EncryptionType;
import java.util.Objects;

/**
 * What the storage cluster knows about one disk's encryption: its type and, for a customer key, the
 * disk encryption set. The wrapped data keys themselves live in the disk's metadata.
 *
 * @param type the disk's encryption type
 * @param set the disk encryption set, or null for a platform key
 */
record DiskKeys(EncryptionType type, DiskEncryptionSet set) {
  /** Metadata slot of the disk's data key (wrapped by the platform key or the customer's key). */
  static final String DATA_KEY_SLOT = "sse-dek";
  /** Metadata slot of the infrastructure layer's data key under double encryption (platform key). */
  static final String INFRASTRUCTURE_KEY_SLOT = "sse-infrastructure-dek";

  DiskKeys {
    Objects.requireNonNull(type, "type");
    if (type.usesCustomerKey() != (set != null)) {
      throw new IllegalArgumentException(type + " needs a disk encryption set exactly when it uses a customer key");
    }
  }

  /** True when there is an infrastructure layer under the disk's own layer. */
  boolean infrastructureLayer() {
    return type == EncryptionType.PLATFORM_AND_CUSTOMER_KEYS;
  }
}
