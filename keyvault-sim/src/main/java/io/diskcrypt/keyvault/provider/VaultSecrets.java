package io.diskcrypt.keyvault.provider;

import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyOperationResult;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.VaultObjectId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Disk-encryption secrets in a vault, as Azure Disk Encryption keeps them: the secret (a Linux
 * passphrase or a Windows BEK) is stored as a vault secret whose value is the base64 of its bytes,
 * content type {@value #CONTENT_TYPE_BEK}; optionally it is first wrapped by a key-encryption key (an
 * RSA vault key, RSA-OAEP by default as ADE does) and stored with content type {@value
 * #CONTENT_TYPE_WRAPPED_BEK} and two tags naming the KEK's versioned URL and the algorithm. Fetching
 * reads the secret and, when wrapped, unwraps it with the KEK named in its tags.
 *
 * <p>Calls are made as one identity (the user enabling ADE, or the platform fetching at boot). Both
 * the secret's vault and the KEK's vault must have {@code enabledForDiskEncryption}; otherwise the
 * call is refused with reason {@link Reason#ACCESS_REMOVED}. Secret URLs in and out are versioned. Vault
 * errors map onto the key SPI's exceptions as in {@link CustomerManagedKeys}.
 */
public final class VaultSecrets {
  /** Content type of an unwrapped secret. */
  public static final String CONTENT_TYPE_BEK = "BEK";
  /** Content type of a KEK-wrapped secret. */
  public static final String CONTENT_TYPE_WRAPPED_BEK = "Wrapped BEK";
  /** Tag naming the versioned KEK URL of a wrapped secret. */
  public static final String TAG_KEK_URL = "DiskEncryptionKeyEncryptionKeyURL";
  /** Tag naming the wrapping algorithm of a wrapped secret. */
  public static final String TAG_KEK_ALGORITHM = "DiskEncryptionKeyEncryptionAlgorithm";

  private final KeyVaultService service;
  private final Identity identity;

  /** Secrets in {@code service}'s vaults, reached as {@code identity}. */
  public VaultSecrets(KeyVaultService service, Identity identity) {
    this.service = Objects.requireNonNull(service, "service");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  /** A fresh secret name as ADE makes them: a GUID. */
  public static String newSecretName() {
    return Randomness.uuid().toString();
  }

  /**
   * Stores {@code value} unwrapped as a new version of secret {@code secretName} in vault {@code
   * vaultName}, with {@code tags}; returns the versioned secret URL.
   */
  public String store(String vaultName, String secretName, SecretKeyMaterial value, Map<String, String> tags)
      throws KeyAccessException {
    byte[] raw = value.copyBytes();
    try {
      return put(vault(vaultName), secretName, Base64.getEncoder().encodeToString(raw), CONTENT_TYPE_BEK, tags);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** As {@link #storeWrapped(String, String, SecretKeyMaterial, String, KeyWrapAlgorithm, Map)} with RSA-OAEP. */
  public String storeWrapped(String vaultName, String secretName, SecretKeyMaterial value, String kekId,
      Map<String, String> tags) throws KeyAccessException {
    return storeWrapped(vaultName, secretName, value, kekId, KeyWrapAlgorithm.RSA_OAEP, tags);
  }

  /**
   * Wraps {@code value} with the KEK {@code kekId} (an RSA key URL; without a version the current one)
   * and stores the wrapped bytes as a new version of secret {@code secretName}, tagged with the exact
   * KEK version and algorithm; returns the versioned secret URL.
   */
  public String storeWrapped(String vaultName, String secretName, SecretKeyMaterial value, String kekId,
      KeyWrapAlgorithm algorithm, Map<String, String> tags) throws KeyAccessException {
    Objects.requireNonNull(kekId, "kekId");
    Objects.requireNonNull(algorithm, "algorithm");
    KeyVault secretVault = vault(vaultName);
    byte[] raw = value.copyBytes();
    try {
      KeyVault kekVault = service.vaultOf(kekId);
      requireDiskEncryption(kekVault, kekId);
      KeyOperationResult r = kekVault.wrapKey(identity, kekId, algorithm, raw);
      Map<String, String> all = new HashMap<>(tags == null ? Map.of() : tags);
      all.put(TAG_KEK_URL, r.kid());
      all.put(TAG_KEK_ALGORITHM, algorithm.wireName());
      return put(secretVault, secretName, Base64.getEncoder().encodeToString(r.value()), CONTENT_TYPE_WRAPPED_BEK, all);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(kekId, e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Stores a passphrase (its UTF-8 bytes), optionally wrapped by {@code kekIdOrNull}. */
  public String storePassphrase(String vaultName, String secretName, String passphrase, String kekIdOrNull,
      Map<String, String> tags) throws KeyAccessException {
    byte[] raw = passphrase.getBytes(StandardCharsets.UTF_8);
    try (SecretKeyMaterial m = SecretKeyMaterial.copyOf(raw)) {
      return kekIdOrNull == null ? store(vaultName, secretName, m, tags)
          : storeWrapped(vaultName, secretName, m, kekIdOrNull, tags);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Reads the secret at versioned URL {@code secretUrl} and returns its bytes, unwrapped with the KEK
   * named in its tags when it is a wrapped secret. The caller owns the result and destroys it.
   *
   * @throws IllegalArgumentException when the URL is not a versioned secret URL
   */
  public SecretKeyMaterial fetch(String secretUrl) throws KeyAccessException {
    VaultObjectId id = VaultObjectId.parse(secretUrl);
    if (id.isKey() || !id.isVersioned()) {
      throw new IllegalArgumentException("a disk encryption secret URL must be a versioned secret URL: " + secretUrl);
    }
    SecretBundle secret;
    try {
      KeyVault v = service.vaultOf(secretUrl);
      requireDiskEncryption(v, secretUrl);
      secret = v.secrets().get(identity, secretUrl);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(secretUrl, e);
    }
    byte[] stored = decode(secret, secretUrl);
    try {
      if (!CONTENT_TYPE_WRAPPED_BEK.equals(secret.contentType().orElse(""))) {
        return SecretKeyMaterial.copyOf(stored);
      }
      return unwrap(secret, stored);
    } finally {
      Arrays.fill(stored, (byte) 0);
    }
  }

  private SecretKeyMaterial unwrap(SecretBundle secret, byte[] wrapped) throws KeyAccessException {
    String kek = secret.tags().get(TAG_KEK_URL);
    String algName = secret.tags().get(TAG_KEK_ALGORITHM);
    if (kek == null || algName == null) {
      throw new KeyAccessException(secret.id(), Reason.REJECTED, "wrapped secret lacks the tags " + TAG_KEK_URL + " and " + TAG_KEK_ALGORITHM);
    }
    KeyOperationResult r = null;
    byte[] raw = null;
    try {
      KeyVault kekVault = service.vaultOf(kek);
      requireDiskEncryption(kekVault, kek);
      r = kekVault.unwrapKey(identity, kek, KeyWrapAlgorithm.fromWireName(algName), wrapped);
      raw = r.value();
      return SecretKeyMaterial.copyOf(raw);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(kek, e);
    } catch (IllegalArgumentException e) {
      throw new KeyAccessException(secret.id(), Reason.REJECTED, e.getMessage(), e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
      if (r != null) {
        r.wipe();
      }
    }
  }

  private static byte[] decode(SecretBundle secret, String url) throws KeyAccessException {
    try {
      return Base64.getDecoder().decode(secret.value());
    } catch (IllegalArgumentException e) {
      throw new KeyAccessException(url, Reason.REJECTED, "secret value is not base64, so it is not a disk encryption secret");
    }
  }

  private String put(KeyVault vault, String secretName, String value, String contentType, Map<String, String> tags)
      throws KeyAccessException {
    String where = vault.uri() + "secrets/" + secretName;
    try {
      requireDiskEncryption(vault, where);
      return vault.setSecret(identity, secretName, value, contentType, tags == null ? Map.of() : tags).id();
    } catch (KeyVaultException e) {
      throw VaultErrors.map(where, e);
    }
  }

  private KeyVault vault(String vaultName) throws KeyAccessException {
    return service.vault(vaultName).orElseThrow(() -> new KeyAccessException(
        "https://" + vaultName + ".vault.azure.net/", Reason.UNREACHABLE, "no such vault"));
  }

  private static void requireDiskEncryption(KeyVault vault, String id) throws KeyAccessException {
    if (!vault.enabledForDiskEncryption()) {
      throw new KeyAccessException(id, Reason.ACCESS_REMOVED, "vault '" + vault.name() + "' is not enabled for disk encryption"
          + " (enabledForDiskEncryption=false)");
    }
  }

  @Override
  public String toString() {
    return "VaultSecrets[" + identity + "]";
  }
}
