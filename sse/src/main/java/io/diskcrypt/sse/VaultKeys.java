package io.diskcrypt.sse;

import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyDisabledException;
import io.diskcrypt.core.keys.KeyForbiddenException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.KeyUnavailableException;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.ThrottledException;
import io.diskcrypt.keyvault.VaultObjectId;
import io.diskcrypt.keyvault.provider.CustomerManagedKeys;
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
   * @throws IllegalArgumentException naming the rule the key, its vault or the identity breaks
   */
  String validateForSet(Identity identity, String keyUrl, String region, Instant now) {
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
    } catch (ForbiddenException e) {
      throw new IllegalArgumentException(accessRule(identity, keyUrl) + ": " + e.getMessage(), e);
    } catch (KeyVaultException e) {
      throw new IllegalArgumentException("key " + keyUrl + " cannot be read: " + e.getMessage(), e);
    }
    if (!bundle.kty().isRsa() || !RSA_SIZES.contains(bundle.size())) {
      throw new IllegalArgumentException("key " + keyUrl + " is " + bundle.kty().wireName()
          + (bundle.size() > 0 ? " " + bundle.size() : "") + ": a disk encryption set needs RSA or RSA-HSM of 2048, 3072 or 4096 bits");
    }
    // The bundle just read is the one problem() would read again: judge it rather than fetch it twice.
    Optional<KeyProblem> problem = problem(identity, keyUrl, bundle, now);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get().kind() == KeyProblem.Kind.FORBIDDEN
          ? accessRule(identity, keyUrl) + ": " + problem.get().detail()
          : "a disk encryption set needs a usable key: " + problem.get().describe());
    }
    return id.vault();
  }

  private static String accessRule(Identity identity, String keyUrl) {
    return "identity " + identity.displayName() + " must hold get, wrapKey and unwrapKey on " + keyUrl
        + " (access policy) or the role Key Vault Crypto Service Encryption User (RBAC)";
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
    } catch (NotFoundException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.DELETED, e.getMessage()));
    } catch (ForbiddenException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.FORBIDDEN, e.getMessage()));
    } catch (ThrottledException e) {
      return Optional.empty();
    } catch (KeyVaultException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.DISABLED, e.getMessage()));
    }
    return problem(identity, keyUrl, bundle, now);
  }

  /** As {@link #problem(Identity, String, Instant)}, for the key's {@code bundle} already read as {@code identity}. */
  private Optional<KeyProblem> problem(Identity identity, String keyUrl, KeyBundle bundle, Instant now) {
    if (!bundle.attributes().enabled()) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.DISABLED, ""));
    }
    if (bundle.attributes().expires().map(exp -> !now.isBefore(exp)).orElse(false)) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.EXPIRED,
          "expired at " + bundle.attributes().expires().get(), bundle.attributes().expires()));
    }
    if (bundle.attributes().notBefore().map(now::isBefore).orElse(false)) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.NOT_YET_VALID,
          "valid from " + bundle.attributes().notBefore().get()));
    }
    KeyProvider provider = provider(identity);
    try (DataKey probe = provider.newDataKey(keyUrl, 32)) {
      provider.unwrap(probe.wrapped()).destroy();
    } catch (KeyForbiddenException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.FORBIDDEN, e.getMessage()));
    } catch (KeyUnavailableException e) {
      return e.getCause() instanceof ThrottledException
          ? Optional.empty()
          : Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.DELETED, e.getMessage()));
    } catch (KeyDisabledException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.DISABLED, e.getMessage()));
    } catch (KeyAccessException e) {
      return Optional.of(new KeyProblem(keyUrl, KeyProblem.Kind.FORBIDDEN, e.getMessage()));
    }
    return Optional.empty();
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
