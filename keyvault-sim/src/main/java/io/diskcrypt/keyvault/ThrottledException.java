package io.diskcrypt.keyvault;

import java.time.Duration;
import java.util.Objects;

/**
 * HTTP 429 {@code Throttled}: the vault's budget for the current 10-second window is spent. Retry after
 * {@link #retryAfter()} of simulated time. A throttled call does not count toward the budget.
 */
public final class ThrottledException extends KeyVaultException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  /** A refusal naming the vault and the operation; {@code retryAfter} is the Retry-After header. */
  public ThrottledException(String message, Duration retryAfter) {
    super("Throttled", 429, message + " (retry after " + retryAfter.toSeconds() + " s)");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** How long to wait (in simulated time) before the next window opens. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
