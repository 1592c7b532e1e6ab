/** The simulated Key Vault served over HTTPS with the Key Vault REST API ({@code KeyVaultServer}). */
module io.diskcrypt.keyvault.server {
  requires transitive io.diskcrypt.keyvault;
  requires com.fasterxml.jackson.databind;
  requires java.logging;
  requires jdk.httpserver;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;

  exports io.diskcrypt.keyvault.server;
}
