package io.diskcrypt.core.model;

import java.util.Objects;

/**
 * A VM's {@code securityProfile}: encryption at host on or off, and the security type.
 *
 * @param encryptionAtHost {@code securityProfile.encryptionAtHost}
 * @param securityType {@code securityProfile.securityType}
 */
public record VmSecurityProfile(boolean encryptionAtHost, SecurityType securityType) {
  /** A standard VM without encryption at host. */
  public static final VmSecurityProfile STANDARD = new VmSecurityProfile(false, SecurityType.STANDARD);

  /** Checks the security type is present. */
  public VmSecurityProfile {
    Objects.requireNonNull(securityType, "securityType");
  }

  /** A copy with encryption at host set to {@code on}. */
  public VmSecurityProfile withEncryptionAtHost(boolean on) {
    return new VmSecurityProfile(on, securityType);
  }

  /** A copy with another security type. */
  public VmSecurityProfile withSecurityType(SecurityType type) {
    return new VmSecurityProfile(encryptionAtHost, type);
  }
}
