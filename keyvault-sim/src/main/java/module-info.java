/**
 * A simulated Azure Key Vault (and Managed HSM): keys and secrets with versions, attributes, soft
 * delete, recover and purge, RBAC, throttling and an audit log, plus the key providers that wrap a
 * disk's data key with a vault key.
 */
module io.diskcrypt.keyvault {
  requires transitive io.diskcrypt.core;
  requires static com.google.crypto.tink; // optional: only provider.VaultKmsClient needs it

  exports io.diskcrypt.keyvault;
  exports io.diskcrypt.keyvault.provider;
}
