package io.diskcrypt.keyvault;

import java.time.Duration;
import java.time.Instant;

/**
 * The service limits of one vault per 10-second window, as a weighted sum: the budget is 4000 units,
 * and each call costs 4000 divided by the real limit of its kind (RSA-2048 software 4000 ops and 20
 * creates; RSA-HSM 2048 2000 / 10; RSA-3072 1000 (HSM 500); RSA-4096 500 (HSM 250); EC 4000 (HSM
 * 2000); secrets and other calls 4000). Windows follow the simulated clock: a burst at one simulated
 * instant fills the window until the clock moves 10 seconds on. A refused call costs nothing.
 * Guarded by the vault's lock.
 */
final class Throttle {
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final int BUDGET = 4000;

  private Instant windowStart;
  private int used;

  /** The cost of a cryptographic or read operation on a key of this type and size. */
  static int opCost(KeyType kty, int size) {
    int base = kty.isRsa() ? switch (size) {
      case 3072 -> 4;
      case 4096 -> 8;
      default -> 1;
    } : 1;
    return kty.isHsm() ? base * 2 : base;
  }

  /** The cost of creating (or importing, or rotating to) a key of this type. */
  static int createCost(KeyType kty) {
    return kty.isHsm() ? BUDGET / 10 : BUDGET / 20;
  }

  /** Charges {@code cost} units at {@code now}, or refuses with the time to the next window. */
  void charge(Instant now, int cost, String vault, String operation) throws ThrottledException {
    if (windowStart == null || !now.isBefore(windowStart.plus(WINDOW))) {
      windowStart = now;
      used = 0;
    }
    if (used + cost > BUDGET) {
      long millis = Duration.between(now, windowStart.plus(WINDOW)).toMillis();
      Duration wait = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
      throw new ThrottledException("vault '" + vault + "' has spent " + used + " of " + BUDGET
          + " units in this 10 s window; " + operation + " costs " + cost, wait);
    }
    used += cost;
  }
}
