package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
    assertThat(text).contains("2026-01-01T01:00:00Z").contains("STOPPED").contains("VmStartException")
        .contains("64 of 64 sectors bit-exact");
  }

  @Test
  void unknownScenario_exitsTwo() {
    assertThat(console.run(new byte[0], "scenario", "nope")).isEqualTo(2);
  }
}
