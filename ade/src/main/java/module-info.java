/**
 * Azure Disk Encryption: encryption inside the guest, by LUKS on Linux and BitLocker on Windows,
 * with keys kept as Key Vault secrets; the two on-disk formats are their own packages.
 * {@code io.diskcrypt.ade.internal} holds what these packages share and users do not need; it is not
 * exported.
 */
module io.diskcrypt.ade {
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.keyvault;
  requires com.fasterxml.jackson.databind;
  requires org.bouncycastle.provider;

  exports io.diskcrypt.ade;
  exports io.diskcrypt.ade.bitlocker;
  exports io.diskcrypt.ade.luks;
}
