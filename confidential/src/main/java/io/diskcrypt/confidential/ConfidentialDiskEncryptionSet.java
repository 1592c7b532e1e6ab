package io.diskcrypt.confidential;

import java.util.Objects;

/**
 * A disk encryption set of type {@code ConfidentialVmEncryptedWithCustomerKey}: the customer's key for
 * confidential OS disk encryption. Made by {@link ConfidentialDiskEncryption#createDiskEncryptionSet},
 * which checks every rule of the key and its store. The key version is pinned: there is no automatic
 * rotation, and a new key takes {@link ConfidentialDiskEncryption#changeKey} while every VM on the set
 * is stopped.
 *
 * @param name the set's name
 * @param region the region of the set, its key's store and its disks
 * @param keyId the versioned id of the key the set uses now
 */
public record ConfidentialDiskEncryptionSet(String name, String region, String keyId) {
  /** The set's {@code encryptionType}, as the resource spells it. */
  public static final String ENCRYPTION_TYPE = "ConfidentialVmEncryptedWithCustomerKey";

  /** Checks the fields are present. */
  public ConfidentialDiskEncryptionSet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(keyId, "keyId");
  }

  /** The resource id, as an OS disk refers to it in {@code securityProfile.secureVMDiskEncryptionSetId}. */
  public String id() {
    return "/providers/Microsoft.Compute/locations/" + region + "/diskEncryptionSets/" + name;
  }
}
