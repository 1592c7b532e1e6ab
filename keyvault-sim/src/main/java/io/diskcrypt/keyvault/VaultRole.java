package io.diskcrypt.keyvault;

import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in Azure RBAC roles for the Key Vault data plane that the disk options use, each with the
 * data actions it grants, expressed as the equivalent access-policy permissions. Roles take effect
 * only in a vault with {@code rbacAuthorization}.
 */
public enum VaultRole {
  /**
   * Key Vault Administrator: every data-plane action on keys and secrets (and certificates, which the
   * simulation does not model).
   */
  ADMINISTRATOR("Key Vault Administrator", KeyPermission.all(), SecretPermission.all()),
  /**
   * Key Vault Reader: metadata only. Keys can be read (their public part is not sensitive) and listed;
   * secrets can be listed but their values not read.
   */
  READER("Key Vault Reader", EnumSet.of(KeyPermission.GET, KeyPermission.LIST, KeyPermission.GET_ROTATION_POLICY),
      EnumSet.of(SecretPermission.LIST)),
  /** Key Vault Crypto Service Encryption User: read key metadata, wrap and unwrap (what a DES needs). */
  CRYPTO_SERVICE_ENCRYPTION_USER("Key Vault Crypto Service Encryption User",
      EnumSet.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY),
      EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Crypto User: read, update, back up and use keys; no create, delete or rotate. */
  CRYPTO_USER("Key Vault Crypto User",
      EnumSet.of(KeyPermission.GET, KeyPermission.LIST, KeyPermission.UPDATE, KeyPermission.BACKUP,
          KeyPermission.ENCRYPT, KeyPermission.DECRYPT, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY,
          KeyPermission.SIGN, KeyPermission.VERIFY),
      EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Crypto Officer: every key action, including rotation policies and purge. */
  CRYPTO_OFFICER("Key Vault Crypto Officer", KeyPermission.all(), EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Secrets User: read secret values. */
  SECRETS_USER("Key Vault Secrets User", EnumSet.noneOf(KeyPermission.class),
      EnumSet.of(SecretPermission.GET, SecretPermission.LIST)),
  /** Key Vault Secrets Officer: every secret action. */
  SECRETS_OFFICER("Key Vault Secrets Officer", EnumSet.noneOf(KeyPermission.class), SecretPermission.all());

  private final String roleName;
  private final Set<KeyPermission> keyPermissions;
  private final Set<SecretPermission> secretPermissions;

  VaultRole(String roleName, Set<KeyPermission> keys, Set<SecretPermission> secrets) {
    this.roleName = roleName;
    this.keyPermissions = Set.copyOf(keys);
    this.secretPermissions = Set.copyOf(secrets);
  }

  /**
   * The built-in role with Azure name {@code roleName}, such as {@code Key Vault Crypto User}
   * (case-insensitive, as Azure matches role names).
   *
   * @throws IllegalArgumentException naming the value and the roles there are
   */
  public static VaultRole fromRoleName(String roleName) {
    for (VaultRole r : values()) {
      if (r.roleName.equalsIgnoreCase(String.valueOf(roleName).trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown Key Vault role '" + roleName + "'; known: "
        + java.util.Arrays.stream(values()).map(VaultRole::roleName).toList());
  }

  /** The role's display name, such as {@code Key Vault Crypto Service Encryption User}. */
  public String roleName() {
    return roleName;
  }

  /** The key actions the role grants. */
  public Set<KeyPermission> keyPermissions() {
    return keyPermissions;
  }

  /** The secret actions the role grants. */
  public Set<SecretPermission> secretPermissions() {
    return secretPermissions;
  }
}
