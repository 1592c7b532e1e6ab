package io.diskcrypt.sse;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the platform will not use a customer's key: the states the documentation lists as revocation.
 *
 * @param keyUrl the key (version) concerned
 * @param reason what is wrong
 * @param detail the vault's own words, for people
 * @param since when it became so, if the key says (an expiry time); empty otherwise
 */
record KeyProblem(String keyUrl, Reason reason, String detail, Optional<Instant> since) {
  KeyProblem {
    Objects.requireNonNull(keyUrl, "keyUrl");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(since, "since");
  }

  KeyProblem(String keyUrl, Reason reason, String detail) {
    this(keyUrl, reason, detail, Optional.empty());
  }

  /** The problem a failed vault call shows. */
  static KeyProblem of(KeyAccessException e) {
    return new KeyProblem(e.keyId(), e.reason(), e.getMessage());
  }

  /** {@code customer-managed key URL is disabled (detail)}. */
  String describe() {
    return "customer-managed key " + keyUrl + " " + reason.words() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /** The exception a caller gets for this problem, naming the key and the reason. */
  KeyAccessException toException() {
    return new KeyAccessException(keyUrl, reason, "customer-managed key " + reason.words()
        + ": the disk platform will not use it" + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }
}
