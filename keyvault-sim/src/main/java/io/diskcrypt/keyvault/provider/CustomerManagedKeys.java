package io.diskcrypt.keyvault.provider;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyOperationResult;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import java.util.Arrays;
import java.util.Objects;

/**
 * Customer-managed keys (CMK): data keys wrapped by an RSA key in a customer's vault, reached as one
 * identity (a disk encryption set's managed identity, say), which needs {@code get}, {@code wrapKey}
 * and {@code unwrapKey} or the Crypto Service Encryption User role.
 *
 * <p>Key ids are vault key URLs. An id without a version wraps with the current version; the {@link
 * WrappedKey} always records the exact versioned {@code kid} the vault used, and unwrapping uses that
 * version, so a rotated key keeps unwrapping old data keys. Wrapping uses RSA-OAEP-256 unless another
 * algorithm is given.
 *
 * <p>Every vault error is a {@link KeyAccessException} with the vault's exception as cause; its reason
 * says what it was: forbidden (permission, key_ops) is {@code ACCESS_REMOVED}; disabled, not yet valid
 * and expired are {@code DISABLED}, {@code NOT_YET_VALID} and {@code EXPIRED}; not found or deleted is
 * {@code DELETED}, a missing vault {@code UNREACHABLE}, a throttled vault {@code THROTTLED}; anything
 * else (an EC key, a bad ciphertext) is {@code REJECTED}. As in Key Vault, an expired key still
 * unwraps: stopping VMs on expiry is the disk platform's rule, not the vault's.
 */
public final class CustomerManagedKeys implements KeyProvider {
  private final KeyVaultService service;
  private final Identity identity;
  private final KeyWrapAlgorithm algorithm;

  /** Keys of {@code service}'s vaults, reached as {@code identity}, wrapping with RSA-OAEP-256. */
  public CustomerManagedKeys(KeyVaultService service, Identity identity) {
    this(service, identity, KeyWrapAlgorithm.RSA_OAEP_256);
  }

  /** As {@link #CustomerManagedKeys(KeyVaultService, Identity)}, wrapping with {@code algorithm}. */
  public CustomerManagedKeys(KeyVaultService service, Identity identity, KeyWrapAlgorithm algorithm) {
    this.service = Objects.requireNonNull(service, "service");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
  }

  /** The identity calls are made as. */
  public Identity identity() {
    return identity;
  }

  /** The wrapping algorithm. */
  public KeyWrapAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public String holder() {
    return "customer-managed key in Key Vault (as " + identity.displayName() + ")";
  }

  @Override
  public WrappedKey wrap(String kekId, SecretKeyMaterial dataKey) throws KeyAccessException {
    Objects.requireNonNull(kekId, "kekId");
    byte[] plain = dataKey.copyBytes();
    try {
      KeyOperationResult r = service.vaultOf(kekId).wrapKey(identity, kekId, algorithm, plain);
      return new WrappedKey(r.kid(), algorithm.wireName(), r.value());
    } catch (KeyVaultException e) {
      throw VaultErrors.map(kekId, e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public SecretKeyMaterial unwrap(WrappedKey wrapped) throws KeyAccessException {
    KeyWrapAlgorithm alg;
    try {
      alg = KeyWrapAlgorithm.fromWireName(wrapped.algorithm());
    } catch (IllegalArgumentException e) {
      throw new KeyAccessException(wrapped.keyId(), KeyAccessException.Reason.REJECTED, e.getMessage(), e);
    }
    KeyOperationResult r = null;
    byte[] raw = null;
    try {
      r = service.vaultOf(wrapped.keyId()).unwrapKey(identity, wrapped.keyId(), alg, wrapped.ciphertext());
      raw = r.value();
      return SecretKeyMaterial.copyOf(raw);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(wrapped.keyId(), e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
      if (r != null) {
        r.wipe();
      }
    }
  }

  @Override
  public String toString() {
    return "CustomerManagedKeys[" + identity + ", " + algorithm + "]";
  }
}
