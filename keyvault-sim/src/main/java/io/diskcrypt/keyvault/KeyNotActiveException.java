package io.diskcrypt.keyvault;

/**
 * HTTP 403: the key version is outside its {@code nbf}/{@code exp} window, so it refuses wrapKey and
 * encrypt. As in the real service, unwrapKey and decrypt still work outside the window. The code is
 * {@code KeyNotYetValid} or {@code KeyExpired}.
 */
public final class KeyNotActiveException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A refusal naming the key version and the window; {@code errorCode} says which side. */
  public KeyNotActiveException(String errorCode, String message) {
    super(errorCode, 403, message);
  }
}
