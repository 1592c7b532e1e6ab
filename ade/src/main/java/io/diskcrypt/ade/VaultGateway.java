package io.diskcrypt.ade;

import io.diskcrypt.keyvault.Identity;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;

/**
 * What ADE needs from Key Vault, in one place, so the control plane does not depend on the vault
 * simulation's wider API. Failures of the vault (not found, disabled, deleted, forbidden) come out as
 * {@link GeneralSecurityException}s whose messages name the object.
 */
interface VaultGateway {
  /** A vault's properties that ADE checks. */
  record VaultFacts(String url, String name, String region, String subscription, boolean enabledForDiskEncryption) {}

  /** A key's properties that ADE checks. */
  record KeyFacts(String versionedUrl, boolean rsa, int bits, boolean enabled) {}

  /** A stored secret. */
  record StoredSecret(String value, Optional<String> contentType, Map<String, String> tags) {}

  /** The vault at {@code vaultUrl}, as {@code caller} sees it. */
  VaultFacts vault(String vaultUrl, Identity caller) throws GeneralSecurityException;

  /** The key at the versioned {@code keyUrl}. */
  KeyFacts key(String keyUrl, Identity caller) throws GeneralSecurityException;

  /** Sets a secret and returns its versioned URL. */
  String setSecret(String vaultUrl, String name, String value, Optional<String> contentType, Map<String, String> tags,
      Identity caller) throws GeneralSecurityException;

  /** Reads a secret by its versioned URL. */
  StoredSecret getSecret(String secretUrl, Identity caller) throws GeneralSecurityException;

  /** wrapKey with the key at {@code keyUrl}. */
  byte[] wrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] plaintext, Identity caller)
      throws GeneralSecurityException;

  /** unwrapKey with the key at {@code keyUrl}. */
  byte[] unwrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] wrapped, Identity caller)
      throws GeneralSecurityException;
}
