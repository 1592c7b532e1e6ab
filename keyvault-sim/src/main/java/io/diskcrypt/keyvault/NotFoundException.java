package io.diskcrypt.keyvault;

/**
 * HTTP 404: the vault, key, secret or version does not exist, or is deleted (soft-deleted objects are
 * reachable only through the deleted-object operations). The code is {@code KeyNotFound}, {@code
 * SecretNotFound}, {@code VaultNotFound} or {@code NotFound}.
 */
public final class NotFoundException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A missing object; {@code errorCode} says which kind. */
  public NotFoundException(String errorCode, String message) {
    super(errorCode, 404, message);
  }
}
