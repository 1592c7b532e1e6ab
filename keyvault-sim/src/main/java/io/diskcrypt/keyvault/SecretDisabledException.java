package io.diskcrypt.keyvault;

/**
 * HTTP 403 with the inner code {@code SecretDisabled}: the secret version is disabled, so its value
 * cannot be read. Outside {@code nbf}/{@code exp} a secret can still be read, as in the real service.
 */
public final class SecretDisabledException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A refusal naming the secret version. */
  public SecretDisabledException(String message) {
    super("SecretDisabled", 403, message);
  }
}
