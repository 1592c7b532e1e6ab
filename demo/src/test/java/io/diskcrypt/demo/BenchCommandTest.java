package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of {@code diskcrypt bench --json} (issue 9's field names); no timing is asserted. */
class BenchCommandTest {

  @Test
  void toJson_engineAndOptionResults_useTheIssueFieldNames() throws Exception {
    String json = BenchCommand.toJson(
        List.of(new BenchCommand.EngineResult("java", true, 512, 4096, "encrypt", 1234.5)),
        List.of(new BenchCommand.OptionResult("sse-pmk", "write", 800.0, 0.0, 0.0, 1.25)));

    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode engine = root.get("engines").get(0);
    assertThat(engine.get("engine").asText()).isEqualTo("java");
    assertThat(engine.get("default").asBoolean()).isTrue();
    assertThat(engine.get("keyBits").asInt()).isEqualTo(512);
    assertThat(engine.get("sectorSize").asInt()).isEqualTo(4096);
    assertThat(engine.get("operation").asText()).isEqualTo("encrypt");
    assertThat(engine.get("mbPerSec").asDouble()).isEqualTo(1234.5);
    JsonNode option = root.get("options").get(0);
    assertThat(option.get("option").asText()).isEqualTo("sse-pmk");
    assertThat(option.get("operation").asText()).isEqualTo("write");
    assertThat(option.get("mbPerSec").asDouble()).isEqualTo(800.0);
    assertThat(option.get("storageCpuNsPerByte").asDouble()).isEqualTo(1.25);
    assertThat(option.has("vmCpuNsPerByte")).isTrue();
    assertThat(option.has("hostCpuNsPerByte")).isTrue();
  }

  @Test
  void toJson_noOptionsYet_printsEmptyOptionsArray() throws Exception {
    JsonNode root = new ObjectMapper().readTree(BenchCommand.toJson(List.of(), List.of()));
    assertThat(root.get("options").isArray()).isTrue();
    assertThat(root.get("options")).isEmpty();
  }

  @Test
  void run_unknownOption_exitsWithUsageError() {
    assertThat(Diskcrypt.run("bench", "--no-such-option")).isEqualTo(2);
  }
}
