/** Server-side encryption of managed disks: platform-managed keys, customer-managed keys, double encryption. */
module io.diskcrypt.sse {
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.keyvault;

  exports io.diskcrypt.sse;
}
