package io.diskcrypt.core.model;

/**
 * A managed disk's {@code encryption.type}. Server-side encryption is always one of these; they differ
 * only in who holds the key that wraps the disk's data key, and in how many layers there are.
 */
public enum EncryptionType {
  /** One layer; the data key is wrapped by a platform-managed key. */
  PLATFORM_KEY("EncryptionAtRestWithPlatformKey", false, true),
  /** One layer; the data key is wrapped by the customer's key through a disk encryption set. */
  CUSTOMER_KEY("EncryptionAtRestWithCustomerKey", true, false),
  /**
   * Double encryption: the customer-key layer over an infrastructure layer with its own data key,
   * wrapped by a platform-managed key.
   */
  PLATFORM_AND_CUSTOMER_KEYS("EncryptionAtRestWithPlatformAndCustomerKeys", true, true);

  private final String wireName;
  private final boolean customerKey;
  private final boolean platformLayer;

  EncryptionType(String wireName, boolean customerKey, boolean platformLayer) {
    this.wireName = wireName;
    this.customerKey = customerKey;
    this.platformLayer = platformLayer;
  }

  /** The value of {@code encryption.type}, such as {@code EncryptionAtRestWithCustomerKey}. */
  public String wireName() {
    return wireName;
  }

  /** True when the disk's data key depends on a customer's key (a disk encryption set). */
  public boolean usesCustomerKey() {
    return customerKey;
  }

  /** True when a layer keyed under a platform-managed key is present. */
  public boolean usesPlatformKey() {
    return platformLayer;
  }

  /**
   * The type whose wire name is {@code name}.
   *
   * @throws IllegalArgumentException listing the allowed names
   */
  public static EncryptionType fromWireName(String name) {
    for (EncryptionType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown encryption.type '" + name + "': allowed are "
        + "EncryptionAtRestWithPlatformKey, EncryptionAtRestWithCustomerKey, EncryptionAtRestWithPlatformAndCustomerKeys");
  }
}
