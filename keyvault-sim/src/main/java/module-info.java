/**
 * A simulated Azure Key Vault (and Managed HSM): keys and secrets with versions, attributes, soft
 * delete, recover and purge, RBAC, throttling and an audit log, plus the key providers that wrap a
 * disk's data key with a vault key.
 */
module io.diskcrypt.keyvault {
  requires transitive io.diskcrypt.core;
  requires com.google.crypto.tink;

  exports io.diskcrypt.keyvault;
  exports io.diskcrypt.keyvault.provider;
}
