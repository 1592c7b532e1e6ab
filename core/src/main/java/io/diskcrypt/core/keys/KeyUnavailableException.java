package io.diskcrypt.core.keys;

/** The key cannot be reached now: not found, deleted, or its store is unreachable or throttled. */
public class KeyUnavailableException extends KeyAccessException {
  private static final long serialVersionUID = 1L;

  /** A failure on {@code keyId} for {@code reason}. */
  public KeyUnavailableException(String keyId, String reason) {
    super(keyId, reason);
  }

  /** A failure on {@code keyId} for {@code reason}, caused by {@code cause}. */
  public KeyUnavailableException(String keyId, String reason, Throwable cause) {
    super(keyId, reason, cause);
  }
}
