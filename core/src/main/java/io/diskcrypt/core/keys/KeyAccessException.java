package io.diskcrypt.core.keys;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A key could not be used. Subclasses say why; the message names the key id and the reason, never key
 * bytes. Checked, because a caller must decide what a missing key means (stop a VM, refuse a start).
 */
public class KeyAccessException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;
  private final String keyId;

  /** A failure on {@code keyId} for {@code reason}. */
  public KeyAccessException(String keyId, String reason) {
    super(Objects.requireNonNull(keyId, "keyId") + ": " + reason);
    this.keyId = keyId;
  }

  /** A failure on {@code keyId} for {@code reason}, caused by {@code cause}. */
  public KeyAccessException(String keyId, String reason, Throwable cause) {
    super(Objects.requireNonNull(keyId, "keyId") + ": " + reason, cause);
    this.keyId = keyId;
  }

  /** The id of the key that could not be used. */
  public String keyId() {
    return keyId;
  }
}
