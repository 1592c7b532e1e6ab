package io.diskcrypt.keyvault;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A Key Vault operation failed. The subclasses are named after the service's error codes; {@link
 * #errorCode()} is the code the REST API would return and {@link #httpStatus()} its status. Messages
 * name the object id and the reason, never key or secret bytes.
 *
 * <p>Checked, and a {@link GeneralSecurityException}, so that crypto callers (such as a Tink {@code
 * Aead}) can pass it on unchanged.
 */
public abstract class KeyVaultException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;
  private final String errorCode;
  private final int httpStatus;

  /** A failure with the REST {@code errorCode}, {@code httpStatus} and a message naming the object. */
  protected KeyVaultException(String errorCode, int httpStatus, String message) {
    super(Objects.requireNonNull(errorCode, "errorCode") + ": " + message);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  /** The error code the real service would return, such as {@code Forbidden} or {@code KeyNotFound}. */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status the real service would return, such as 403 or 429. */
  public int httpStatus() {
    return httpStatus;
  }
}
