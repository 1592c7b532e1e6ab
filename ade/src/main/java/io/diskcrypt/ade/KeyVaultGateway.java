package io.diskcrypt.ade;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeyType;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.SecretPermission;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.provider.VaultErrors;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link VaultGateway} over the simulated Key Vault service.
 *
 * <p>The vault's {@code enabledForDiskEncryption} flag is what lets the Azure platform read the secret
 * and unwrap it with the KEK when the VM starts. The simulated vault has no built-in platform principal,
 * so the flag is modelled as a grant to {@link AzureDiskEncryption#PLATFORM}: given (get secret, get
 * and unwrap key; or the Secrets User and Crypto Service Encryption User roles in an RBAC vault) when
 * ADE is enabled, and honoured only while the flag stays on.
 */
final class KeyVaultGateway implements VaultGateway {
  private static final Pattern VAULT_URL =
      Pattern.compile("^https://([a-zA-Z0-9-]{3,24})\\.vault\\.azure\\.net/?$", Pattern.CASE_INSENSITIVE);

  private final KeyVaultService service;

  KeyVaultGateway(KeyVaultService service) {
    this.service = service;
  }

  @Override
  public VaultFacts vault(String vaultUrl, Identity caller) throws KeyAccessException {
    KeyVault vault = byUrl(vaultUrl);
    return new VaultFacts(vault.uri(), vault.name(), vault.region(), vault.subscription(),
        vault.enabledForDiskEncryption());
  }

  @Override
  public KeyFacts key(String keyUrl, Identity caller) throws KeyAccessException {
    try {
      KeyBundle key = service.vaultOf(keyUrl).keys().get(caller, keyUrl);
      boolean rsa = key.kty() == KeyType.RSA || key.kty() == KeyType.RSA_HSM;
      return new KeyFacts(key.id(), rsa, key.size(), key.attributes().enabled());
    } catch (KeyVaultException e) {
      throw VaultErrors.map(keyUrl, e);
    }
  }

  @Override
  public String setSecret(String vaultUrl, String name, String value, Optional<String> contentType,
      Map<String, String> tags, Identity caller) throws KeyAccessException {
    KeyVault vault = byUrl(vaultUrl);
    try {
      SecretBundle bundle = vault.setSecret(caller, name, value, contentType.orElse(null), tags);
      grantPlatform(vault);
      return bundle.id();
    } catch (KeyVaultException e) {
      throw VaultErrors.map(vault.uri() + "secrets/" + name, e);
    }
  }

  @Override
  public StoredSecret getSecret(String secretUrl, Identity caller) throws KeyAccessException {
    try {
      KeyVault vault = service.vaultOf(secretUrl);
      requireDiskEncryptionFlag(vault, caller, secretUrl);
      SecretBundle bundle = vault.secrets().get(caller, secretUrl);
      return new StoredSecret(bundle.value(), bundle.contentType(), bundle.tags());
    } catch (KeyVaultException e) {
      throw VaultErrors.map(secretUrl, e);
    }
  }

  @Override
  public byte[] wrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] plaintext, Identity caller)
      throws KeyAccessException {
    try {
      KeyVault vault = service.vaultOf(keyUrl);
      byte[] wrapped = vault.wrapKey(caller, keyUrl, toVault(algorithm), plaintext).value();
      grantPlatform(vault);
      return wrapped;
    } catch (KeyVaultException e) {
      throw VaultErrors.map(keyUrl, e);
    }
  }

  @Override
  public byte[] unwrap(String keyUrl, KeyEncryptionAlgorithm algorithm, byte[] wrapped, Identity caller)
      throws KeyAccessException {
    try {
      KeyVault vault = service.vaultOf(keyUrl);
      requireDiskEncryptionFlag(vault, caller, keyUrl);
      return vault.unwrapKey(caller, keyUrl, toVault(algorithm), wrapped).value();
    } catch (KeyVaultException e) {
      throw VaultErrors.map(keyUrl, e);
    }
  }

  /** The vault name in a {@code KeyVaultURL}, or a refusal naming the expected shape. */
  static String vaultName(String vaultUrl) {
    Matcher m = VAULT_URL.matcher(vaultUrl);
    if (!m.matches()) {
      throw new AdeRefusedException("KeyVaultURL '" + vaultUrl
          + "' must be https://{vault}.vault.azure.net/ (no port, no path)");
    }
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /** The vault at {@code vaultUrl}; one that does not exist cannot be reached, as its host name does not resolve. */
  private KeyVault byUrl(String vaultUrl) throws KeyAccessException {
    String name = vaultName(vaultUrl);
    return service.vault(name).orElseThrow(() -> new KeyAccessException(vaultUrl, Reason.UNREACHABLE,
        "no vault named '" + name + "' for KeyVaultURL " + vaultUrl));
  }

  /** The platform reads ADE's secrets and keys only while the vault keeps {@code enabledForDiskEncryption}. */
  private static void requireDiskEncryptionFlag(KeyVault vault, Identity caller, String objectUrl)
      throws KeyAccessException {
    if (caller.equals(AzureDiskEncryption.PLATFORM) && !vault.enabledForDiskEncryption()) {
      throw new KeyAccessException(objectUrl, Reason.ACCESS_REMOVED, "vault '" + vault.name()
          + "' no longer has enabledForDiskEncryption: the platform may not read " + objectUrl);
    }
  }

  private static void grantPlatform(KeyVault vault) {
    Identity platform = AzureDiskEncryption.PLATFORM;
    vault.setAccessPolicy(platform, EnumSet.of(KeyPermission.GET, KeyPermission.UNWRAP_KEY),
        EnumSet.of(SecretPermission.GET));
    vault.assignRole(platform, VaultRole.SECRETS_USER);
    vault.assignRole(platform, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
  }

  private static KeyWrapAlgorithm toVault(KeyEncryptionAlgorithm algorithm) {
    return KeyWrapAlgorithm.fromWireName(algorithm.wireName());
  }
}
