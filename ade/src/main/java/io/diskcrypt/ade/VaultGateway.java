package io.diskcrypt.ade;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.keyvault.Identity;
import java.util.Map;
import java.util.Optional;

/**
 * What ADE needs from Key Vault, in one place, so the control plane does not depend on the vault
 * simulation's wider API. Failures of the vault (not found, disabled, deleted, forbidden, throttled) come
 * out as {@link KeyAccessException}s, as from every other option: the id is the vault, key or secret URL
 * that could not be used, the reason says why.
 */
interface VaultGateway {
  /** A vault's properties that ADE checks. */
  record VaultFacts(String url, String name, String region, String subscription, boolean enabledForDiskEncryption) {}

  /** A key's properties that ADE checks. */
  record KeyFacts(String versionedUrl, boolean rsa, int bits, boolean enabled) {}

  /** A stored secret. */
  record StoredSecret(String value, Optional<String> contentType, Map<String, String> tags) {}

  /** The vault at {@code vaultUrl}, as {@code caller} sees it. */
  VaultFacts vault(String vaultUrl, Identity caller) throws KeyAccessException;

  /** The key at the versioned {@code keyUrl}. */
  KeyFacts key(String keyUrl, Identity caller) throws KeyAccessException;

  /** Sets a secret and returns its versioned URL. */
  String setSecret(String vaultUrl, String name, String value, Optional<String> contentType, Map<String, String> tags,
      Identity caller) throws KeyAccessException;

  /** Reads a secret by its versioned URL. */
  StoredSecret getSecret(String secretUrl, Identity caller) throws KeyAccessException;

  /** wrapKey with the key at {@code keyUrl}. */
  byte[] wrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] plaintext, Identity caller)
      throws KeyAccessException;

  /** unwrapKey with the key at {@code keyUrl}. */
  byte[] unwrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] wrapped, Identity caller)
      throws KeyAccessException;
}
