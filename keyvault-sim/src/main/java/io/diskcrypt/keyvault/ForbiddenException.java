package io.diskcrypt.keyvault;

/**
 * HTTP 403 {@code Forbidden}: the caller lacks the permission (access policy) or role (RBAC) for the
 * operation, the key's {@code key_ops} exclude it, or the vault forbids it (purge under purge
 * protection).
 */
public final class ForbiddenException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A refusal described by {@code message}, which names the caller, the operation and the object. */
  public ForbiddenException(String message) {
    super("Forbidden", 403, message);
  }
}
