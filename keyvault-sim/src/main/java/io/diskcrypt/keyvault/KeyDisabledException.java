package io.diskcrypt.keyvault;

/**
 * HTTP 403 with the inner code {@code KeyDisabled}: the key version is disabled ({@code enabled=false}),
 * so it refuses every cryptographic operation. Reading and updating its attributes still work, so that
 * it can be enabled again.
 */
public final class KeyDisabledException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A refusal naming the key version. */
  public KeyDisabledException(String message) {
    super("KeyDisabled", 403, message);
  }
}
