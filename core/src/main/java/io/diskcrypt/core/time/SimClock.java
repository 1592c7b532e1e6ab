package io.diskcrypt.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
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
  /** Held while a move is made and delivered: moves reach listeners one at a time, in order. */
  private final ReentrantLock delivery = new ReentrantLock();
  /** Moves made but not yet delivered (more than one only when a listener moves the clock). */
  private final Queue<Instant> pending = new ArrayDeque<>();
  private boolean delivering;

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
   * Moves time forward by {@code step}, then tells every listener, in registration order.
   *
   * <p>Moves are delivered one at a time, in the order they happened: a concurrent {@code advance}
   * waits until the listeners have seen this move, and an {@code advance} made by a listener is
   * delivered after the current move has reached every listener. So no listener ever sees time go
   * backwards. A listener that throws does not keep the others from running: once every listener has
   * seen the move, the failures are thrown as one {@link ClockListenerException}.
   *
   * @throws IllegalArgumentException when the step is negative
   * @throws ClockListenerException when listeners failed; the clock has moved all the same
   */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: step was " + step);
    }
    delivery.lock();
    try {
      now = now.plus(step);
      pending.add(now);
      if (delivering) {
        return; // a listener moved the clock: the outer call delivers this move after the current one
      }
      delivering = true;
      try {
        deliverPending();
      } finally {
        delivering = false;
      }
    } finally {
      delivery.unlock();
    }
  }

  /** Delivers every pending move to every listener, in order; throws the failures at the end. */
  private void deliverPending() {
    List<RuntimeException> failures = new ArrayList<>();
    Instant last = null;
    for (Instant to = pending.poll(); to != null; to = pending.poll()) {
      last = to;
      for (Consumer<Instant> listener : listeners) {
        try {
          listener.accept(to);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      ClockListenerException failed = new ClockListenerException(last, failures.get(0));
      failures.stream().skip(1).forEach(failed::addSuppressed);
      throw failed;
    }
  }

  /**
   * True while this thread is delivering a move to the listeners: what it does now happens as time
   * passes, at the instant being delivered (a component uses it not to move the clock from a listener).
   */
  public boolean deliveringOnThisThread() {
    return delivery.isHeldByCurrentThread();
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
