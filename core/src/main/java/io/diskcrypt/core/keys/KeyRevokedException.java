package io.diskcrypt.core.keys;

/** The key was revoked by whoever controls it, for this use. */
public class KeyRevokedException extends KeyAccessException {
  private static final long serialVersionUID = 1L;

  /** A failure on {@code keyId} for {@code reason}. */
  public KeyRevokedException(String keyId, String reason) {
    super(keyId, reason);
  }

  /** A failure on {@code keyId} for {@code reason}, caused by {@code cause}. */
  public KeyRevokedException(String keyId, String reason, Throwable cause) {
    super(keyId, reason, cause);
  }
}
