package io.diskcrypt.sse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Records scenario steps at the simulated time they run; a step's failure is its outcome, not an abort. */
final class Timeline {
  private final Clock clock;
  private final List<ScenarioStep> steps = new ArrayList<>();

  Timeline(Clock clock) {
    this.clock = clock;
  }

  void step(String action, Callable<String> work) {
    steps.add(ScenarioStep.run(clock, action, work));
  }

  List<ScenarioStep> steps() {
    return List.copyOf(steps);
  }
}
