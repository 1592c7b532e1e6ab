package io.diskcrypt.sse;

import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultObjectId;
import io.diskcrypt.keyvault.provider.CustomerManagedKeys;
import io.diskcrypt.keyvault.provider.VaultErrors;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the storage cluster asks the customer's vault, as the disk encryption set's identity:
 * the one class that calls the customer's vault for the storage cluster. It checks a key against the disk
 * platform's rules, which are stricter than the vault's (an expired key still unwraps in the vault,
 * yet the platform stops using it).
 */
final class VaultKeys {
  private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

  private final KeyVaultService service;
  private final Map<String, KeyProvider> providers = new ConcurrentHashMap<>();

  VaultKeys(KeyVaultService service) {
    this.service = service;
  }

  /** The key provider that wraps and unwraps as {@code identity}. */
  KeyProvider provider(Identity identity) {
    return providers.computeIfAbsent(identity.principalId(), p -> new CustomerManagedKeys(service, identity));
  }

  /**
   * Checks a key for a new disk encryption set and returns its vault's name.
   *
   * @throws IllegalArgumentException naming the rule the key or its vault breaks
   * @throws KeyAccessException when the key is not usable now, or not permitted to the identity
   */
  String validateForSet(Identity identity, String keyUrl, String region, Instant now) throws KeyAccessException {
    VaultObjectId id = VaultObjectId.tryParse(keyUrl).filter(VaultObjectId::isKey).orElseThrow(() ->
        new IllegalArgumentException("activeKey.keyUrl must be a Key Vault key URL"
            + " https://{vault}.vault.azure.net/keys/{name}/{version}: got " + keyUrl));
    if (!id.isVersioned()) {
      throw new IllegalArgumentException("activeKey.keyUrl must carry a key version, even with automatic rotation"
          + " (https://{vault}.vault.azure.net/keys/{name}/{version}): got " + keyUrl);
    }
    KeyVault vault;
    try {
      vault = vaultOf(keyUrl);
    } catch (KeyVaultException e) {
      throw new IllegalArgumentException("activeKey.sourceVault: " + e.getMessage(), e);
    }
    if (!vault.purgeProtection()) {
      throw new IllegalArgumentException("vault " + id.vault() + " must have purge protection enabled"
          + " to hold a disk encryption set's key");
    }
    if (!vault.region().equals(region)) {
      throw new IllegalArgumentException("vault " + id.vault() + " is in region " + vault.region()
          + ": a disk encryption set's key must be in the disks' region " + region);
    }
    KeyBundle bundle;
    try {
      bundle = vault.keys().get(identity, keyUrl);
    } catch (KeyVaultException e) {
      throw refusal(identity, VaultErrors.map(keyUrl, e));
    }
    if (!bundle.kty().isRsa() || !RSA_SIZES.contains(bundle.size())) {
      throw new IllegalArgumentException("key " + keyUrl + " is " + bundle.kty().wireName()
          + (bundle.size() > 0 ? " " + bundle.size() : "") + ": a disk encryption set needs RSA or RSA-HSM of 2048, 3072 or 4096 bits");
    }
    // The bundle just read is the one problem() would read again: judge it rather than fetch it twice.
    Optional<KeyProblem> problem = problem(identity, keyUrl, bundle, now);
    if (problem.isPresent()) {
      throw refusal(identity, problem.get().toException());
    }
    return id.vault();
  }

  /** A refused key, with the access rule spelled out when the identity lacks permission. */
  private static KeyAccessException refusal(Identity identity, KeyAccessException e) {
    if (e.reason() != Reason.ACCESS_REMOVED) {
      return new KeyAccessException(e.keyId(), e.reason(), "a disk encryption set needs a usable key: " + e.getMessage(), e);
    }
    return new KeyAccessException(e.keyId(), e.reason(), "identity " + identity.displayName()
        + " must hold get, wrapKey and unwrapKey on " + e.keyId()
        + " (access policy) or the role Key Vault Crypto Service Encryption User (RBAC): " + e.getMessage(), e);
  }

  /**
   * Why the disk platform will not use {@code keyUrl} now, or empty when it may: the key must exist,
   * be enabled, be inside its validity window, and the identity must be allowed get, wrap and unwrap
   * (checked by doing them). A throttled vault (429) says nothing about the key, so it is no verdict
   * either: the key watch asks again at its next check, and a start meets the throttling in its own
   * unwrap.
   */
  Optional<KeyProblem> problem(Identity identity, String keyUrl, Instant now) {
    KeyBundle bundle;
    try {
      bundle = vaultOf(keyUrl).keys().get(identity, keyUrl);
    } catch (KeyVaultException e) {
      return verdict(VaultErrors.map(keyUrl, e));
    }
    return problem(identity, keyUrl, bundle, now);
  }

  /** As {@link #problem(Identity, String, Instant)}, for the key's {@code bundle} already read as {@code identity}. */
  private Optional<KeyProblem> problem(Identity identity, String keyUrl, KeyBundle bundle, Instant now) {
    if (!bundle.attributes().enabled()) {
      return Optional.of(new KeyProblem(keyUrl, Reason.DISABLED, ""));
    }
    if (bundle.attributes().expires().map(exp -> !now.isBefore(exp)).orElse(false)) {
      return Optional.of(new KeyProblem(keyUrl, Reason.EXPIRED,
          "expired at " + bundle.attributes().expires().get(), bundle.attributes().expires()));
    }
    if (bundle.attributes().notBefore().map(now::isBefore).orElse(false)) {
      return Optional.of(new KeyProblem(keyUrl, Reason.NOT_YET_VALID,
          "valid from " + bundle.attributes().notBefore().get()));
    }
    KeyProvider provider = provider(identity);
    try (DataKey probe = provider.newDataKey(keyUrl, 32)) {
      provider.unwrap(probe.wrapped()).destroy();
    } catch (KeyAccessException e) {
      return verdict(e);
    }
    return Optional.empty();
  }

  /** A failed vault call as a problem; a throttled vault says nothing about the key, so it is none. */
  private static Optional<KeyProblem> verdict(KeyAccessException e) {
    return e.reason() == Reason.THROTTLED ? Optional.empty() : Optional.of(KeyProblem.of(e));
  }

  /**
   * The newest version of the key {@code keyUrl} names.
   *
   * @throws KeyVaultException when the vault refuses to say
   */
  KeyBundle latest(Identity identity, String keyUrl) throws KeyVaultException {
    String versionless = VaultObjectId.parse(keyUrl).versionless().url();
    return vaultOf(keyUrl).keys().get(identity, versionless);
  }

  private KeyVault vaultOf(String keyUrl) throws KeyVaultException {
    return service.vaultOf(keyUrl);
  }
}
