package io.diskcrypt.core.keys;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A key cannot be used: the one exception every key provider, option and VM start uses for it. It
 * names the key and says why ({@link #reason()}); the message adds the key holder's own words, never
 * key bytes. Checked, because a caller must decide what a missing key means (stop a VM, refuse a
 * start, retry a throttled vault). Bugs (a malformed id, a null) stay unchecked.
 */
public final class KeyAccessException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why a key cannot be used. */
  public enum Reason {
    /** The key (version) is disabled. */
    DISABLED("is disabled"),
    /** The key does not exist, or was deleted. */
    DELETED("was deleted or does not exist"),
    /** The key is past its expiry time. */
    EXPIRED("is expired"),
    /** The key is before its activation time. */
    NOT_YET_VALID("is not yet valid"),
    /** The caller's access to the key was removed, or never granted. */
    ACCESS_REMOVED("is not permitted to the caller"),
    /** The key's store refused the call for now (HTTP 429): try again later. */
    THROTTLED("is throttled by its vault"),
    /** The key's store cannot be reached. */
    UNREACHABLE("cannot be reached"),
    /**
     * The key cannot do what was asked: a key of the wrong type, an unsupported algorithm, or wrapped
     * bytes that do not unwrap under it.
     */
    REJECTED("rejected the operation");

    private final String words;

    Reason(String words) {
      this.words = words;
    }

    /** The reason in words, such as {@code "is disabled"}. */
    public String words() {
      return words;
    }

    /** True when the reason may pass without anyone acting on the key (a throttled or unreachable vault). */
    public boolean transientFailure() {
      return this == THROTTLED || this == UNREACHABLE;
    }
  }

  private final String keyId;
  private final Reason reason;
  private final String detail;

  /** {@code keyId} cannot be used for {@code reason}; {@code detail} says more, for people. */
  public KeyAccessException(String keyId, Reason reason, String detail) {
    this(keyId, reason, detail, null);
  }

  /** {@code keyId} cannot be used for {@code reason}, caused by {@code cause}. */
  public KeyAccessException(String keyId, Reason reason, String detail, Throwable cause) {
    super(Objects.requireNonNull(keyId, "keyId") + ": " + Objects.requireNonNull(detail, "detail"), cause);
    this.keyId = keyId;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = detail;
  }

  /** The id of the key that could not be used. */
  public String keyId() {
    return keyId;
  }

  /** Why it could not be used. */
  public Reason reason() {
    return reason;
  }

  /** The message without the key id in front: for a caller that adds its own context and names the key once. */
  public String detail() {
    return detail;
  }
}
