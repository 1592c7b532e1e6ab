package io.diskcrypt.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Simulated time that only moves when told to. Components that act on time (key expiry, rotation
 * policies, the grace period before a revoked key stops a VM) read it as a {@link Clock} and
 * register a listener that runs after each move, with the new instant.
 */
public final class SimClock extends Clock {
  /** 2026-01-01T00:00:00Z: where a new clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now;
  private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();

  /** A clock at {@link #DEFAULT_START}. */
  public SimClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start}. */
  public SimClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a simulated clock is always UTC");
  }

  /**
   * Moves time forward by {@code step}, then tells every listener.
   *
   * @throws IllegalArgumentException when the step is negative
   */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: step was " + step);
    }
    Instant to;
    synchronized (this) {
      to = now.plus(step);
      now = to;
    }
    listeners.forEach(l -> l.accept(to));
  }

  /** Runs {@code listener} after every move, with the new instant. */
  public void onAdvance(Consumer<Instant> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public String toString() {
    return "SimClock[" + now + "]";
  }
}
