package io.diskcrypt.core.keys;

/** The key exists, but the caller has no permission for the operation. */
public class KeyForbiddenException extends KeyAccessException {
  private static final long serialVersionUID = 1L;

  /** A failure on {@code keyId} for {@code reason}. */
  public KeyForbiddenException(String keyId, String reason) {
    super(keyId, reason);
  }

  /** A failure on {@code keyId} for {@code reason}, caused by {@code cause}. */
  public KeyForbiddenException(String keyId, String reason, Throwable cause) {
    super(keyId, reason, cause);
  }
}
