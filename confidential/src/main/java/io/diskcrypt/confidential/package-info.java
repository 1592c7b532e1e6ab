/**
 * Confidential disk encryption: a confidential VM's OS disk encrypted before its first boot by a
 * platform service ({@link io.diskcrypt.confidential.ConfidentialDiskEncryption}), its key bound to
 * the VM's vTPM and released by Key Vault or Managed HSM only against a token of the
 * {@link io.diskcrypt.confidential.AttestationService}; a customer's key through a
 * {@link io.diskcrypt.confidential.ConfidentialDiskEncryptionSet}.
 */
package io.diskcrypt.confidential;
