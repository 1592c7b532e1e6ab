package io.diskcrypt.sse;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A narrated scenario: its steps in order and, for rotation, how many data sectors were re-encrypted.
 *
 * @param name such as {@code cmk-revocation}
 * @param steps the timeline
 * @param dataSectorsReencrypted for a rotation scenario, the count (0 when rotation only re-wraps)
 */
public record ScenarioReport(String name, List<ScenarioStep> steps, OptionalLong dataSectorsReencrypted) {
  /** Copies the steps. */
  public ScenarioReport {
    Objects.requireNonNull(name, "name");
    steps = List.copyOf(steps);
    Objects.requireNonNull(dataSectorsReencrypted, "dataSectorsReencrypted");
  }
}
