package io.diskcrypt.core.model;

/** A VM's {@code securityProfile.securityType}. */
public enum SecurityType {
  /** No trusted launch, no confidential computing (the default, printed as absent by Azure). */
  STANDARD("Standard"),
  /** Secure boot and a virtual TPM. */
  TRUSTED_LAUNCH("TrustedLaunch"),
  /** A confidential VM: memory encrypted by the processor; needs a confidential-capable size. */
  CONFIDENTIAL_VM("ConfidentialVM");

  private final String wireName;

  SecurityType(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the VM resource spells it. */
  public String wireName() {
    return wireName;
  }
}
