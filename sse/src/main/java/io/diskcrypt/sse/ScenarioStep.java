package io.diskcrypt.sse;

import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.topology.VmStartException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One step of a narrated scenario.
 *
 * @param at the simulated time the step ran
 * @param action what was done, for a person
 * @param outcome {@code "ok"}, or in words what stopped the step: {@code "refused"}, {@code "I/O
 *     failed"}, {@code "key is disabled"} (a key problem, with its reason), {@code "start refused: key
 *     is disabled"}, {@code "start refused"} or {@code "failed"}; never a Java class name
 * @param detail what was seen, or the message of what stopped the step
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

  /**
   * Runs {@code work} and records it at {@code clock}'s time: its result is the detail, and an exception
   * it throws is the step's outcome (in words) and detail, not an abort, so that a scenario can narrate
   * what fails.
   */
  public static ScenarioStep run(Clock clock, String action, Callable<String> work) {
    String outcome = OK;
    String detail;
    try {
      detail = work.call();
    } catch (Exception e) {
      outcome = outcomeOf(e);
      detail = String.valueOf(e.getMessage());
    }
    return new ScenarioStep(clock.instant(), action, outcome, detail);
  }

  private static String outcomeOf(Exception e) {
    if (e instanceof VmStartException start) {
      return start.keyProblem().map(key -> "start refused: key " + key.reason().words()).orElse("start refused");
    }
    if (e instanceof KeyAccessException key) {
      return "key " + key.reason().words();
    }
    if (e instanceof DeviceUnavailableException) {
      return "I/O failed";
    }
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      return "refused";
    }
    return "failed";
  }

  /** True when the step did not fail. */
  public boolean ok() {
    return OK.equals(outcome);
  }
}
