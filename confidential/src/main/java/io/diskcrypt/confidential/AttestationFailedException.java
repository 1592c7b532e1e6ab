package io.diskcrypt.confidential;

import java.security.GeneralSecurityException;

/**
 * The attestation service refused to vouch for a confidential VM: the platform it runs on is not in
 * the state the VM's isolation needs. No token, so no key is released and the VM does not start,
 * even though the key itself is fine.
 */
public final class AttestationFailedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  AttestationFailedException(String message) {
    super(message);
  }
}
