package io.diskcrypt.sse;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyDisabledException;
import io.diskcrypt.core.keys.KeyForbiddenException;
import io.diskcrypt.core.keys.KeyUnavailableException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the platform will not use a customer's key: the states the documentation lists as revocation.
 *
 * @param keyUrl the key (version) concerned
 * @param kind what is wrong
 * @param detail the vault's own words, for people
 * @param since when it became so, if the key says (an expiry time); empty otherwise
 */
record KeyProblem(String keyUrl, Kind kind, String detail, Optional<Instant> since) {

  /** The documented ways a key stops being usable for disks. */
  enum Kind {
    DISABLED("is disabled"),
    EXPIRED("is expired"),
    NOT_YET_VALID("is not yet valid"),
    DELETED("was deleted"),
    FORBIDDEN("is no longer permitted to the disk encryption set's identity");

    private final String words;

    Kind(String words) {
      this.words = words;
    }
  }

  KeyProblem {
    Objects.requireNonNull(keyUrl, "keyUrl");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(since, "since");
  }

  KeyProblem(String keyUrl, Kind kind, String detail) {
    this(keyUrl, kind, detail, Optional.empty());
  }

  /** {@code key URL is disabled (detail)}. */
  String describe() {
    return "customer-managed key " + keyUrl + " " + kind.words + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /** The key SPI's exception for this problem, naming the key. */
  KeyAccessException toException() {
    String reason = "customer-managed key " + kind.words + ": the disk platform will not use it"
        + (detail.isEmpty() ? "" : " (" + detail + ")");
    return switch (kind) {
      case DISABLED, EXPIRED, NOT_YET_VALID -> new KeyDisabledException(keyUrl, reason);
      case DELETED -> new KeyUnavailableException(keyUrl, reason);
      case FORBIDDEN -> new KeyForbiddenException(keyUrl, reason);
    };
  }
}
