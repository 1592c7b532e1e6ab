/**
 * An in-process simulation of Azure Key Vault and Managed HSM, faithful where the disk-encryption
 * options depend on them: versioned RSA and EC keys with real cryptography (wrapKey, unwrapKey, encrypt, decrypt with
 * RSA1_5, RSA-OAEP and RSA-OAEP-256), versioned secrets, access policies or RBAC roles checked on every
 * call, enabled/nbf/exp rules, soft delete with purge protection, rotation policies and retention on the
 * simulated clock, optional throttling with the service's per-10-second limits, an audit log, the
 * standard/premium SKU rules, Managed HSM's HSM-only keys and local RBAC roles, and exportable keys
 * released under a release policy to an attested environment (secure key release).
 *
 * <p>Start with {@link io.diskcrypt.keyvault.KeyVaultService}. Keys and secrets share one lifecycle,
 * {@link io.diskcrypt.keyvault.VaultObjects} (versions, attributes, soft delete, recover, purge), and
 * are named by a parsed {@link io.diskcrypt.keyvault.VaultObjectId}. Errors are checked subclasses of {@link
 * io.diskcrypt.keyvault.KeyVaultException} named after the service's error codes.
 */
package io.diskcrypt.keyvault;
