package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of one key or secret version.
 *
 * @param enabled false blocks every cryptographic use of a key (and every read of a secret's value)
 * @param notBefore activation time ({@code nbf}), if any
 * @param expires expiry time ({@code exp}), if any
 * @param created when the version was made (read-only)
 * @param updated when the attributes last changed (read-only)
 * @param recoveryLevel as the service reports it, such as {@code Recoverable+Purgeable}, {@code
 *     Recoverable} (purge protection) or {@code CustomizedRecoverable+Purgeable} (retention under 90 days)
 */
public record Attributes(
    boolean enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Instant created,
    Instant updated,
    String recoveryLevel) {

  /** Checks the parts are present. */
  public Attributes {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(recoveryLevel, "recoveryLevel");
  }

  /** True when {@code now} is inside the {@code nbf}/{@code exp} window (exp itself is outside). */
  public boolean isActiveAt(Instant now) {
    return notBefore.map(nbf -> !now.isBefore(nbf)).orElse(true)
        && expires.map(exp -> now.isBefore(exp)).orElse(true);
  }
}
