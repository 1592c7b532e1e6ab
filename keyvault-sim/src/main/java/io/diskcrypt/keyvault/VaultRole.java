package io.diskcrypt.keyvault;

import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in data-plane roles the disk options use, each with the data actions it grants, expressed
 * as the equivalent access-policy permissions: the Azure RBAC roles of a Key Vault (which take effect
 * only in a vault with {@code rbacAuthorization}) and the local RBAC roles of a Managed HSM (its only
 * way to grant access). A role is assigned only in the kind of store it belongs to ({@link #kind()}).
 *
 * <p>The Managed HSM roles follow Microsoft Learn's "Local RBAC built-in roles for Managed HSM" table,
 * with one simplification: reading a deleted key needs {@code get} here, while there it is the Crypto
 * Officer's own data action.
 */
public enum VaultRole {
  /**
   * Key Vault Administrator: every data-plane action on keys and secrets (and certificates, which the
   * simulation does not model).
   */
  ADMINISTRATOR(VaultKind.KEY_VAULT, "Key Vault Administrator", KeyPermission.all(), SecretPermission.all()),
  /**
   * Key Vault Reader: metadata only. Keys can be read (their public part is not sensitive) and listed;
   * secrets can be listed but their values not read.
   */
  READER(VaultKind.KEY_VAULT, "Key Vault Reader",
      EnumSet.of(KeyPermission.GET, KeyPermission.LIST, KeyPermission.GET_ROTATION_POLICY),
      EnumSet.of(SecretPermission.LIST)),
  /** Key Vault Crypto Service Encryption User: read key metadata, wrap and unwrap (what a DES needs). */
  CRYPTO_SERVICE_ENCRYPTION_USER(VaultKind.KEY_VAULT, "Key Vault Crypto Service Encryption User",
      EnumSet.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY),
      EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Crypto Service Release User: release keys to an attested environment (confidential VMs). */
  CRYPTO_SERVICE_RELEASE_USER(VaultKind.KEY_VAULT, "Key Vault Crypto Service Release User",
      EnumSet.of(KeyPermission.RELEASE), EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Crypto User: read, update, back up and use keys; no create, delete or rotate. */
  CRYPTO_USER(VaultKind.KEY_VAULT, "Key Vault Crypto User",
      EnumSet.of(KeyPermission.GET, KeyPermission.LIST, KeyPermission.UPDATE, KeyPermission.BACKUP,
          KeyPermission.ENCRYPT, KeyPermission.DECRYPT, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY,
          KeyPermission.SIGN, KeyPermission.VERIFY),
      EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Crypto Officer: every key action, including rotation policies, release and purge. */
  CRYPTO_OFFICER(VaultKind.KEY_VAULT, "Key Vault Crypto Officer", KeyPermission.all(),
      EnumSet.noneOf(SecretPermission.class)),
  /** Key Vault Secrets User: read secret values. */
  SECRETS_USER(VaultKind.KEY_VAULT, "Key Vault Secrets User", EnumSet.noneOf(KeyPermission.class),
      EnumSet.of(SecretPermission.GET, SecretPermission.LIST)),
  /** Key Vault Secrets Officer: every secret action. */
  SECRETS_OFFICER(VaultKind.KEY_VAULT, "Key Vault Secrets Officer", EnumSet.noneOf(KeyPermission.class),
      SecretPermission.all()),

  /** Managed HSM Administrator: security domain, backup and role management; no key operation. */
  MANAGED_HSM_ADMINISTRATOR(VaultKind.MANAGED_HSM, "Managed HSM Administrator",
      EnumSet.noneOf(KeyPermission.class), EnumSet.noneOf(SecretPermission.class)),
  /** Managed HSM Crypto Officer: recover and purge deleted keys (and role management); no other key operation. */
  MANAGED_HSM_CRYPTO_OFFICER(VaultKind.MANAGED_HSM, "Managed HSM Crypto Officer",
      EnumSet.of(KeyPermission.RECOVER, KeyPermission.PURGE), EnumSet.noneOf(SecretPermission.class)),
  /** Managed HSM Crypto User: every key operation but recover, purge and export. */
  MANAGED_HSM_CRYPTO_USER(VaultKind.MANAGED_HSM, "Managed HSM Crypto User",
      EnumSet.complementOf(EnumSet.of(KeyPermission.RECOVER, KeyPermission.PURGE)),
      EnumSet.noneOf(SecretPermission.class)),
  /** Managed HSM Crypto Service Encryption User: read keys, wrap and unwrap (what a DES needs). */
  MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER(VaultKind.MANAGED_HSM, "Managed HSM Crypto Service Encryption User",
      EnumSet.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY),
      EnumSet.noneOf(SecretPermission.class)),
  /** Managed HSM Crypto Service Release User: release keys to an attested environment; cannot read them. */
  MANAGED_HSM_CRYPTO_SERVICE_RELEASE_USER(VaultKind.MANAGED_HSM, "Managed HSM Crypto Service Release User",
      EnumSet.of(KeyPermission.RELEASE), EnumSet.noneOf(SecretPermission.class)),
  /** Managed HSM Crypto Auditor: read key attributes, not use them. */
  MANAGED_HSM_CRYPTO_AUDITOR(VaultKind.MANAGED_HSM, "Managed HSM Crypto Auditor",
      EnumSet.of(KeyPermission.GET, KeyPermission.LIST), EnumSet.noneOf(SecretPermission.class));

  private final VaultKind kind;
  private final String roleName;
  private final Set<KeyPermission> keyPermissions;
  private final Set<SecretPermission> secretPermissions;

  VaultRole(VaultKind kind, String roleName, Set<KeyPermission> keys, Set<SecretPermission> secrets) {
    this.kind = kind;
    this.roleName = roleName;
    this.keyPermissions = Set.copyOf(keys);
    this.secretPermissions = Set.copyOf(secrets);
  }

  /**
   * The built-in role with Azure name {@code roleName}, such as {@code Key Vault Crypto User} or {@code
   * Managed HSM Crypto User} (case-insensitive, as Azure matches role names).
   *
   * @throws IllegalArgumentException naming the value and the roles there are
   */
  public static VaultRole fromRoleName(String roleName) {
    for (VaultRole r : values()) {
      if (r.roleName.equalsIgnoreCase(String.valueOf(roleName).trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown Key Vault or Managed HSM role '" + roleName + "'; known: "
        + java.util.Arrays.stream(values()).map(VaultRole::roleName).toList());
  }

  /** The kind of store the role belongs to. */
  public VaultKind kind() {
    return kind;
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
