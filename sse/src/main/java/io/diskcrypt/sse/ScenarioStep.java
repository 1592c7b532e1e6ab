package io.diskcrypt.sse;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a narrated scenario.
 *
 * @param at the simulated time the step ran
 * @param action what was done, for a person
 * @param outcome {@code "ok"}, or the simple name of the exception the step ended with
 * @param detail what was seen, or the exception's message
 */
public record ScenarioStep(Instant at, String action, String outcome, String detail) {
  /** The outcome of a step that did not fail. */
  public static final String OK = "ok";

  /** Checks all parts are present. */
  public ScenarioStep {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** True when the step did not fail. */
  public boolean ok() {
    return OK.equals(outcome);
  }
}
