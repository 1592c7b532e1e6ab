package io.diskcrypt.sse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Records scenario steps at the simulated time they run; a step's failure is its outcome, not an abort. */
final class Timeline {
  /** A step's work: returns what was seen. */
  @FunctionalInterface
  interface Action {
    String run() throws Exception;
  }

  private final Clock clock;
  private final List<ScenarioStep> steps = new ArrayList<>();

  Timeline(Clock clock) {
    this.clock = clock;
  }

  void step(String action, Action work) {
    String outcome = ScenarioStep.OK;
    String detail;
    try {
      detail = work.run();
    } catch (Exception e) {
      outcome = e.getClass().getSimpleName();
      detail = String.valueOf(e.getMessage());
    }
    steps.add(new ScenarioStep(clock.instant(), action, outcome, detail));
  }

  List<ScenarioStep> steps() {
    return List.copyOf(steps);
  }
}
