/**
 * Confidential disk encryption: a confidential VM's OS disk encrypted before its first boot, its key
 * bound to the vTPM and released only after attestation.
 */
module io.diskcrypt.confidential {
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.keyvault;

  exports io.diskcrypt.confidential;
}
