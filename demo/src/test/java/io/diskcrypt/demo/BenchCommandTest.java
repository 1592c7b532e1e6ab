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
        List.of(new BenchCommand.EngineResult("java", true, 512, 4096, "encrypt", 1000.0),
            new BenchCommand.EngineResult("java", true, 512, 4096, "decrypt", 1234.5)),
        List.of(new BenchCommand.AesResult("ecb-encrypt", 256, 4096, 4000.0),
            new BenchCommand.AesResult("ecb-encrypt", 128, 4096, 5000.0),
            new BenchCommand.AesResult("cbc-decrypt", 256, 512, 3000.0)),
        List.of(new BenchCommand.OptionResult("sse-pmk", "write", 800.0, 0.0, 0.0, 1.25)));

    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode engine = root.get("engines").get(0);
    assertThat(engine.get("engine").asText()).isEqualTo("java");
    assertThat(engine.get("default").asBoolean()).isTrue();
    assertThat(engine.get("keyBits").asInt()).isEqualTo(512);
    assertThat(engine.get("sectorSize").asInt()).isEqualTo(4096);
    assertThat(engine.get("operation").asText()).isEqualTo("encrypt");
    assertThat(engine.get("mbPerSec").asDouble()).isEqualTo(1000.0);
    // Against the AES-256 ECB call at 4 KiB (the halves of a 512-bit XTS key), not the AES-128 one.
    assertThat(engine.get("ratioToJdkAes").asDouble()).isEqualTo(0.25);
    assertThat(engine.get("nsPerByteAboveJdkAes").asDouble()).isEqualTo(0.75);
    JsonNode unmatched = root.get("engines").get(1);
    assertThat(unmatched.get("ratioToJdkAes").isNull()).as("no CBC call measured at 4 KiB").isTrue();
    assertThat(unmatched.get("nsPerByteAboveJdkAes").isNull()).isTrue();
    JsonNode aes = root.get("jdkAes").get(0);
    assertThat(aes.get("operation").asText()).isEqualTo("ecb-encrypt");
    assertThat(aes.get("aesKeyBits").asInt()).isEqualTo(256);
    assertThat(aes.get("sectorSize").asInt()).isEqualTo(4096);
    assertThat(aes.get("mbPerSec").asDouble()).isEqualTo(4000.0);
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
    JsonNode root = new ObjectMapper().readTree(BenchCommand.toJson(List.of(), List.of(), List.of()));
    assertThat(root.get("options").isArray()).isTrue();
    assertThat(root.get("options")).isEmpty();
  }

  @Test
  void toTable_everySectionHasItsRows() {
    String table = BenchCommand.toTable(
        List.of(new BenchCommand.EngineResult("java", true, 512, 4096, "decrypt", 1906.0)),
        List.of(new BenchCommand.AesResult("cbc-decrypt", 256, 4096, 5241.0)),
        List.of(new BenchCommand.OptionResult("host", "read", 1243.0, 0.0, 0.683, 0.0)));

    assertThat(table)
        .containsPattern("java\\s+yes\\s+512\\s+4096\\s+decrypt\\s+1906\\.0\\s+0\\.36\\s+0\\.334")
        .containsPattern("256\\s+4096\\s+cbc-decrypt\\s+5241\\.0")
        .containsPattern("host\\s+read\\s+1243\\.0\\s+0\\.000\\s+0\\.683\\s+0\\.000");
  }

  @Test
  void run_unknownOption_exitsWithUsageError() {
    assertThat(Diskcrypt.run("bench", "--no-such-option")).isEqualTo(2);
  }
}
