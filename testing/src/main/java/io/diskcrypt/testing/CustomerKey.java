package io.diskcrypt.testing;

import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.sse.DiskEncryptionSet;

/**
 * A customer-managed key as a test uses it: the key in the region's vault, the managed identity the
 * storage cluster acts as, and the disk encryption set; made by {@link SimulatedRegion#customerKey}.
 * Disabling and enabling act on the key version the disk encryption set uses now (after a rotation,
 * the new one), as the customer would in the portal.
 */
public final class CustomerKey {
  private final String name;
  private final String keyId;
  private final Identity identity;
  private final DiskEncryptionSet diskEncryptionSet;
  private final KeyVault vault;
  private final Identity admin;

  CustomerKey(String name, String keyId, Identity identity, DiskEncryptionSet diskEncryptionSet, KeyVault vault,
      Identity admin) {
    this.name = name;
    this.keyId = keyId;
    this.identity = identity;
    this.diskEncryptionSet = diskEncryptionSet;
    this.vault = vault;
    this.admin = admin;
  }

  /** The key's name in the vault. */
  public String name() {
    return name;
  }

  /** The versioned id the key was made with, {@code https://{vault}.vault.azure.net/keys/{name}/{version}}. */
  public String keyId() {
    return keyId;
  }

  /** The managed identity of the disk encryption set, which the vault's audit names for its calls. */
  public Identity identity() {
    return identity;
  }

  /** The disk encryption set that uses the key. */
  public DiskEncryptionSet diskEncryptionSet() {
    return diskEncryptionSet;
  }

  /**
   * Disables the version the disk encryption set uses now: a revocation; the platform stops its VMs
   * after the grace period.
   */
  public void disable() {
    update(KeyAttributesUpdate.disable(), "disable");
  }

  /** Enables the version the disk encryption set uses now again. */
  public void enable() {
    update(KeyAttributesUpdate.enable(), "enable");
  }

  private void update(KeyAttributesUpdate update, String what) {
    try {
      vault.keys().update(admin, diskEncryptionSet.activeKeyUrl(), update);
    } catch (KeyVaultException e) {
      throw new IllegalStateException("could not " + what + " key " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CustomerKey[" + keyId + ", identity " + identity.displayName() + "]";
  }
}
