/** Encryption at host: the VM's host encrypts the disks' data before it leaves for storage. */
module io.diskcrypt.host {
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.keyvault;
  requires transitive io.diskcrypt.sse;

  exports io.diskcrypt.host;
}
