package io.diskcrypt.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SimClockTest {

  @Test
  @Tag("reliability")
  @Timeout(60)
  void concurrentAdvances_reachEveryListenerInOrder() throws Exception {
    SimClock clock = new SimClock();
    List<Instant> seenByFirst = new ArrayList<>();
    List<Instant> seenBySecond = new ArrayList<>();
    clock.onAdvance(seenByFirst::add); // not thread-safe on purpose: deliveries must not overlap
    clock.onAdvance(seenBySecond::add);
    int threads = 4;
    int moves = 2_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < moves; i++) {
            clock.advance(Duration.ofSeconds(1));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seenByFirst).hasSize(threads * moves).isSorted().doesNotHaveDuplicates();
    assertThat(seenBySecond).isEqualTo(seenByFirst);
    assertThat(seenByFirst.get(seenByFirst.size() - 1)).isEqualTo(clock.instant());
  }

  @Test
  void failingListener_theOthersStillRun_andTheFailureIsReported() {
    SimClock clock = new SimClock();
    List<Instant> later = new ArrayList<>();
    clock.onAdvance(now -> {
      throw new IllegalStateException("listener broke");
    });
    clock.onAdvance(later::add);

    assertThatThrownBy(() -> clock.advance(Duration.ofHours(1)))
        .isInstanceOf(ClockListenerException.class)
        .hasMessageContaining("2026-01-01T01:00:00Z").hasMessageContaining("listener broke")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(later).containsExactly(SimClock.DEFAULT_START.plus(Duration.ofHours(1)));
    assertThat(clock.instant()).isEqualTo(SimClock.DEFAULT_START.plus(Duration.ofHours(1)));
  }

  @Test
  void listenerThatMovesTheClock_everyListenerStillSeesTimeInOrder() {
    SimClock clock = new SimClock();
    List<Instant> seen = new ArrayList<>();
    clock.onAdvance(now -> {
      if (now.equals(SimClock.DEFAULT_START.plusSeconds(1))) {
        clock.advance(Duration.ofSeconds(1)); // e.g. a policy that lets time pass
      }
    });
    clock.onAdvance(seen::add);

    clock.advance(Duration.ofSeconds(1));

    assertThat(seen).containsExactly(SimClock.DEFAULT_START.plusSeconds(1), SimClock.DEFAULT_START.plusSeconds(2));
  }
}
