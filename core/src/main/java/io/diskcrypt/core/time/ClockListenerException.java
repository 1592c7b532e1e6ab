package io.diskcrypt.core.time;

import java.time.Instant;

/**
 * One or more {@link SimClock} listeners threw while a move was delivered. The clock has moved and
 * every other listener has seen the move; the first failure is the cause, the others are suppressed.
 */
public final class ClockListenerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Instant movedTo;

  ClockListenerException(Instant movedTo, RuntimeException first) {
    super("the clock moved to " + movedTo + " but a listener failed: " + first, first);
    this.movedTo = movedTo;
  }

  /** The instant the clock moved to. */
  public Instant movedTo() {
    return movedTo;
  }
}
