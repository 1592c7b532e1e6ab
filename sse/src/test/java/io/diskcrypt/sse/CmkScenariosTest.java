package io.diskcrypt.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmkScenariosTest {

  private static ScenarioStep step(List<ScenarioStep> steps, String actionStart, int nth) {
    return steps.stream().filter(s -> s.action().startsWith(actionStart)).skip(nth).findFirst().orElseThrow();
  }

  @Test
  void revocation_timelineShowsGraceStopRefusalAndRecovery() {
    ScenarioReport report = CmkScenarios.run("cmk-revocation");
    List<ScenarioStep> steps = report.steps();

    assertThat(report.dataSectorsReencrypted()).isEmpty();
    assertThat(step(steps, "read data0 30", 0).outcome()).isEqualTo("ok");
    assertThat(step(steps, "platform checks", 0).detail()).contains("STOPPED").contains("disk-cmk");
    assertThat(step(steps, "read data0", 1).outcome()).isEqualTo("I/O failed");
    assertThat(step(steps, "read data0", 1).detail()).contains("disk-cmk");
    assertThat(step(steps, "start vm1", 1).outcome()).isEqualTo("start refused: key is disabled");
    assertThat(step(steps, "start vm1", 2).outcome()).isEqualTo("ok");
    assertThat(step(steps, "verify", 0).outcome()).isEqualTo("ok");
    assertThat(step(steps, "verify", 0).detail()).startsWith("64 of 64");
    ScenarioStep disabled = step(steps, "disable", 0);
    assertThat(Duration.between(disabled.at(), step(steps, "platform checks", 0).at())).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rotation_reencryptsNoDataSector_andCompletesWithinTheHour() {
    ScenarioReport report = CmkScenarios.run("cmk-rotation");
    List<ScenarioStep> steps = report.steps();

    assertThat(report.dataSectorsReencrypted()).hasValue(0);
    assertThat(steps).allSatisfy(s -> assertThat(s.outcome()).as(s.action() + ": " + s.detail()).isEqualTo("ok"));
    assertThat(step(steps, "inspect des1", 0).detail()).contains("0 of 2 data keys wrapped under the active version");
    assertThat(step(steps, "inspect des1 an hour", 0).detail()).contains("previousKeys []").contains("2 of 2");
    assertThat(step(steps, "check vm1", 0).detail()).contains("RUNNING");
  }

  @Test
  void run_unknownName_listsTheScenarios() {
    assertThatThrownBy(() -> CmkScenarios.run("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cmk-revocation").hasMessageContaining("cmk-rotation");
  }
}
