package io.diskcrypt.core.keys;

/** The key exists but is disabled, or outside its activation window for this operation. */
public class KeyDisabledException extends KeyAccessException {
  private static final long serialVersionUID = 1L;

  /** A failure on {@code keyId} for {@code reason}. */
  public KeyDisabledException(String keyId, String reason) {
    super(keyId, reason);
  }

  /** A failure on {@code keyId} for {@code reason}, caused by {@code cause}. */
  public KeyDisabledException(String keyId, String reason, Throwable cause) {
    super(keyId, reason, cause);
  }
}
