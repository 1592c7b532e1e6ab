/**
 * Key providers (implementations of core's {@link io.diskcrypt.core.keys.KeyProvider}) that stand in
 * for platform-managed keys ({@link io.diskcrypt.keyvault.provider.PlatformManagedKeys}) and
 * customer-managed keys in a vault ({@link io.diskcrypt.keyvault.provider.CustomerManagedKeys}); ADE's
 * secrets in a vault ({@link io.diskcrypt.keyvault.provider.VaultSecrets}); and a Tink {@code KmsClient}
 * over the vault ({@link io.diskcrypt.keyvault.provider.VaultKmsClient}).
 */
package io.diskcrypt.keyvault.provider;
