package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated headers fed to the parser: only {@link MalformedHeaderException} may come out. The Jazzer
 * target runs as a plain JUnit test over its seed inputs (regression mode) unless JAZZER_FUZZ=1; the
 * seeded variant covers a few hundred mutations on every build.
 */
class LuksHeaderFuzzTest {
  static {
    // Instrument only the parser's package: the default instruments every dependency (Jackson, Bouncy
    // Castle), which costs most of a minute of start-up in regression mode. JUnit reads these
    // configuration parameters from system properties.
    System.setProperty("jazzer.instrument", "io.diskcrypt.ade.luks.**");
    System.setProperty("jazzer.custom_hook_includes", "io.diskcrypt.ade.luks.**");
  }

  @FuzzTest(maxDuration = "10s")
  void parse_fuzzedHeader_onlyDocumentedExceptions(byte[] input) {
    try {
      HeaderMutator.parse(input);
    } catch (MalformedHeaderException expected) {
      // the documented refusal
    }
  }

  private static final String INPUTS = "LuksHeaderFuzzTestInputs/parse_fuzzedHeader_onlyDocumentedExceptions/";
  private static final StoredFuzzInputs STORED = new StoredFuzzInputs(LuksHeaderFuzzTest.class, INPUTS);

  /**
   * Each stored input of the Jazzer target, replayed through the same {@link HeaderMutator} path, with
   * the outcome its name promises: refused for the named header field, or parsed ("-").
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "magic-both-copies,   magic",
      "hdr-size-fixed-csum, hdr_size",
      "luks1-keyblock,      keyblock[0].active",
      "json-deep,           json",
      // cryptsetup's order: segments are checked before config, and this text has none
      "json-text,           segments",
      // only copy 1's first JSON byte is broken and its checksum fixed: copy 2 is still good
      "json-first-byte,     -",
      "unchanged-luks1,     -",
      "unchanged-luks2,     -"})
  void parse_storedFuzzInput_hasItsExpectedOutcome(String name, String field) throws Exception {
    byte[] input = STORED.read(name);
    StoredFuzzInputs.assertOutcome(name, field, () -> HeaderMutator.parse(input));
  }

  @Test
  void storedFuzzInputs_allHaveAnExpectedOutcome() throws Exception {
    STORED.assertFolderHoldsExactly("magic-both-copies", "hdr-size-fixed-csum", "luks1-keyblock", "json-deep",
        "json-text", "json-first-byte", "unchanged-luks1", "unchanged-luks2");
  }

  @ParameterizedTest(name = "flags {0}")
  @ValueSource(ints = {0, 1, 3, 8, 9})
  void parse_seededByteMutations_onlyMalformedHeaderException(int flags) {
    long seed = Seeds.base() + flags;
    SplittableRandom random = Seeds.random(seed);
    for (int round = 0; round < 60; round++) {
      int pairs = 1 + random.nextInt(6);
      byte[] input = new byte[1 + 3 * pairs];
      random.nextBytes(input);
      input[0] = (byte) flags;
      // aim half the mutations at the binary header, where the fields are
      for (int i = 1; i < input.length; i += 3) {
        if (random.nextBoolean()) {
          int pos = (random.nextBoolean() ? 0 : 0x4000) + random.nextInt(512);
          input[i] = (byte) (pos >>> 8);
          input[i + 1] = (byte) pos;
        }
      }
      Throwable t = catchThrowable(() -> HeaderMutator.parse(input));
      assertThat(t).as("seed %d round %d", seed, round).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(MalformedHeaderException.class));
    }
  }

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(strings = {"", "[]", "null", "{}", "{\"keyslots\":[]}", "{\"keyslots\":{},\"tokens\":{},\"segments\":{},"
      + "\"digests\":{},\"config\":{\"json_size\":\"12288\",\"keyslots_size\":\"99999999999999999999\"}}",
      "{\"config\":{\"json_size\":12288}}", "\u00ff\u00fe", "{\"a\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" + "}"})
  void parse_fuzzedJson_onlyMalformedHeaderException(String json) {
    byte[] text = json.getBytes(StandardCharsets.ISO_8859_1);
    byte[] input = new byte[text.length + 1];
    input[0] = 4;
    System.arraycopy(text, 0, input, 1, text.length);
    Throwable t = catchThrowable(() -> HeaderMutator.parse(input));
    assertThat(t).isInstanceOf(MalformedHeaderException.class);
  }

  @Test
  void parse_unmutatedHeaders_accepted() {
    assertThatCode(() -> HeaderMutator.parse(new byte[] {0})).doesNotThrowAnyException();
    assertThatCode(() -> HeaderMutator.parse(new byte[] {8})).doesNotThrowAnyException();
  }
}
