package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ScenarioCommandTest {
  @AutoClose private final Console console = new Console();
  private final ByteArrayOutputStream out = console.out;

  @Test
  void rotationJson_hasStepsAndZeroReencryptedSectors() throws Exception {
    assertThat(console.run(new byte[0], "scenario", "cmk-rotation", "--json")).isZero();

    JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(root.get("dataSectorsReencrypted").asLong()).isZero();
    assertThat(root.get("steps")).isNotEmpty().allSatisfy(step -> {
      assertThat(step.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(step.has("action")).isTrue();
      assertThat(step.get("outcome").asText()).isEqualTo("ok");
      assertThat(step.has("detail")).isTrue();
    });
  }

  @Test
  void revocationText_narratesTheStopAndTheRefusedStart() {
    assertThat(console.run(new byte[0], "scenario", "cmk-revocation")).isZero();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("2026-01-01T01:00:00Z").contains("STOPPED").contains("I/O failed")
        .contains("start refused: key is disabled  start vm1").contains("64 of 64 sectors bit-exact")
        .doesNotContain("Exception");
    // every action starts in the same column, after the widest outcome
    assertThat(text).contains("\n2026-01-01T01:15:00Z   ok" + " ".repeat(30) + "start vm1\n");
  }

  /**
   * Issue 18's migration: every step's outcome says in words what the operation did, and the data
   * arrives bit-exact on the disk created by upload.
   */
  @Test
  void adeToHostJson_refusalsWhereTheMarkIs_dataIntactOnTheUploadedDisk() throws Exception {
    assertThat(console.run(new byte[0], "scenario", "ade-to-host", "--json")).isZero();

    JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(root.get("scenario").asText()).isEqualTo("ade-to-host");
    assertThat(root.get("dataIntact").asBoolean()).isTrue();
    List<String> outcomes = new ArrayList<>();
    root.get("steps").forEach(step -> outcomes.add(step.get("outcome").asText()));
    assertThat(outcomes).containsExactly("ok", "ok", "ok", "ok", "start refused", "ok",
        "refused", "refused", "ok", "ok", "ok", "ok");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    JsonNode steps = root.get("steps");
    assertThat(steps.get(3).get("at").asText()).isEqualTo("2028-09-16T00:00:00Z");
    assertThat(steps.get(4).get("detail").asText()).contains("retired on 15 September 2028");
    assertThat(steps.get(6).get("detail").asText()).contains("ever had ADE");
    assertThat(steps.get(7).get("action").asText()).contains("snapshot");
    assertThat(steps.get(7).get("detail").asText()).contains("has disk app1-data0-copy, which was once encrypted");
    assertThat(steps.get(8).get("detail").asText()).contains("createOption Upload, ever had ADE: false");
    assertThat(steps.get(11).get("detail").asText()).isEqualTo("256 of 256 sectors bit-exact on app3-data0");
  }

  @Test
  void unknownScenario_exitsTwo() {
    assertThat(console.run(new byte[0], "scenario", "nope")).isEqualTo(2);
  }
}
