package io.diskcrypt.keyvault;

/**
 * HTTP 409 {@code Conflict}: the name belongs to a deleted object still in its retention period
 * (recover or purge it first), or a recover targets a name that is in use.
 */
public final class ConflictException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A conflict naming the object. */
  public ConflictException(String message) {
    super("Conflict", 409, message);
  }
}
