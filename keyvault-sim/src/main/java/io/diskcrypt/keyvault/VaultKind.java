package io.diskcrypt.keyvault;

/**
 * The two kinds of key store the service offers, as Azure does: a Key Vault ({@code
 * https://{name}.vault.azure.net}: software keys, HSM keys in the premium SKU, secrets, access
 * policies or Azure RBAC) and a Managed HSM ({@code https://{name}.managedhsm.azure.net}: a
 * single-tenant HSM pool with HSM-protected keys only, no secrets, and its own local RBAC roles). Both
 * speak the same keys API, so the disk options reach either through a key id.
 */
public enum VaultKind {
  /** Azure Key Vault, standard or premium. */
  KEY_VAULT("vault.azure.net", "Key Vault"),
  /** Azure Key Vault Managed HSM. */
  MANAGED_HSM("managedhsm.azure.net", "Managed HSM");

  private final String dnsSuffix;
  private final String displayName;

  VaultKind(String dnsSuffix, String displayName) {
    this.dnsSuffix = dnsSuffix;
    this.displayName = displayName;
  }

  /** The DNS zone of its data-plane host, such as {@code managedhsm.azure.net}. */
  public String dnsSuffix() {
    return dnsSuffix;
  }

  /** {@code Key Vault} or {@code Managed HSM}, for messages. */
  public String displayName() {
    return displayName;
  }

  /** The base URI of the store named {@code name}: {@code https://{name}.{dnsSuffix}/}. */
  public String baseUri(String name) {
    return "https://" + name + "." + dnsSuffix + "/";
  }
}
