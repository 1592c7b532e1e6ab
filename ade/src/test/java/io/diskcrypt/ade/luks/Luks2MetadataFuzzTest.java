package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LUKS2 metadata validation (cryptsetup's rules, several segments, unknown kdfs) and the segment
 * mapping behind it, fed fuzzed JSON areas: only {@link MalformedHeaderException} may come out. The
 * Jazzer target runs over its stored inputs (metadata cryptsetup wrote, in the middle of an online
 * encryption too, and crafted breaches of single rules) unless JAZZER_FUZZ=1; the seeded variant
 * mutates the JSON tree of each stored input on every build.
 */
@Tag("reliability")
class Luks2MetadataFuzzTest {
  static {
    System.setProperty("jazzer.instrument", "io.diskcrypt.ade.luks.**");
    System.setProperty("jazzer.custom_hook_includes", "io.diskcrypt.ade.luks.**");
  }

  private static final long HDR_SIZE = 16384;
  private static final String INPUTS = "Luks2MetadataFuzzTestInputs/parse_fuzzedMetadata_onlyDocumentedExceptions/";
  private static final StoredFuzzInputs STORED = new StoredFuzzInputs(Luks2MetadataFuzzTest.class, INPUTS);
  private static final byte[] KEY = new byte[64];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (i * 37 + 11);
    }
  }

  /**
   * The JSON area {@code input} (padded with zeros) validated, listed, and when readable mapped
   * onto a device and read: returns normally or throws {@link MalformedHeaderException}.
   */
  static void parse(byte[] input) throws MalformedHeaderException {
    byte[] area = Arrays.copyOf(input, (int) HDR_SIZE - Luks2Header.BINARY_SIZE);
    ObjectNode json = Luks2Header.parseJson(area);
    Luks2Json.Parsed p = Luks2Json.parse(json, HDR_SIZE);
    ParsedHeader parsed = ParsedHeader.fromLuks2(new Luks2Header(HDR_SIZE, 1, "", "", "uuid", json), p);
    SparseMedia disk = new SparseMedia("data", 80L << 20, SectorSize.S512);
    parsed.info(parsed.dataBytesOrZero(disk));
    if (parsed.unreadable() == null && parsed.keyBits != 0) {
      long size = parsed.dataBytes(disk);
      SegmentedDevice device = new SegmentedDevice(disk, parsed, size, Arrays.copyOf(KEY, parsed.keyBits / 8),
          Ledger.VCPU, true, "fuzz");
      int n = (int) Math.min(size, 8192);
      if (n > 0) {
        device.read(0, new byte[n]);
        device.read(device.sectorCount() - 1, new byte[device.sectorSize().bytes()]);
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void parse_fuzzedMetadata_onlyDocumentedExceptions(byte[] input) {
    try {
      parse(input);
    } catch (MalformedHeaderException expected) {
      // the documented refusal
    }
  }

  private static byte[] stored(String name) throws Exception {
    return STORED.read(name);
  }

  /** Each stored input with the outcome its name promises: refused naming the field, or parsed ("-"). */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "luks2-plain,            -",
      "reencrypt-init-only,    -",
      "reencrypt-interrupted,  -",
      "kdf-argon2,             -",
      "digest-unknown-keyslot, digests.0.keyslots",
      "token-unknown-keyslot,  tokens.0.keyslots",
      "keyslot-no-digest,      keyslots.1",
      "overlapping-areas,      keyslots.1.area.offset",
      "segment-flags-string,   segments.0.flags",
      "trailing-bytes,         json"})
  void parse_storedInput_hasItsExpectedOutcome(String name, String field) throws Exception {
    byte[] input = stored(name);
    StoredFuzzInputs.assertOutcome(name, field, () -> parse(input));
  }

  @Test
  void storedInputs_allHaveAnExpectedOutcome() throws Exception {
    STORED.assertFolderHoldsExactly("luks2-plain", "reencrypt-init-only", "reencrypt-interrupted", "kdf-argon2",
        "digest-unknown-keyslot", "token-unknown-keyslot", "keyslot-no-digest", "overlapping-areas",
        "segment-flags-string", "trailing-bytes");
  }

  /** Structure-aware mutations: a random node of the tree removed or replaced by a value of another type. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"luks2-plain", "reencrypt-init-only", "reencrypt-interrupted"})
  void parse_seededTreeMutations_onlyMalformedHeaderException(String name) throws Exception {
    long seed = Seeds.base() + name.hashCode();
    SplittableRandom random = Seeds.random(seed);
    byte[] text = stored(name);
    for (int round = 0; round < 150; round++) {
      ObjectNode json = (ObjectNode) Luks2Header.JSON.readTree(text);
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        mutate(json, random);
      }
      byte[] input = Luks2Header.JSON.writeValueAsBytes(json);
      Throwable t = catchThrowable(() -> parse(input));
      assertThat(t).as("seed %d round %d: %s", seed, round, new String(input, java.nio.charset.StandardCharsets.UTF_8))
          .satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(MalformedHeaderException.class));
    }
  }

  private static void mutate(ObjectNode root, SplittableRandom random) {
    List<JsonNode[]> edges = new ArrayList<>(); // {parent, child}
    collect(root, edges);
    JsonNode[] edge = edges.get(random.nextInt(edges.size()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode replacement = switch (random.nextInt(8)) {
      case 0 -> null;
      case 1 -> f.textNode(Long.toUnsignedString(random.nextLong()));
      case 2 -> f.textNode(Integer.toString(random.nextInt(1 << 25) * 512));
      case 3 -> f.numberNode(random.nextInt(9000) - 10);
      case 4 -> f.objectNode();
      case 5 -> f.arrayNode().add(Integer.toString(random.nextInt(6)));
      case 6 -> f.textNode(random.nextBoolean() ? "dynamic" : "backup-final");
      default -> f.textNode(random.nextBoolean() ? "linear" : "crypt");
    };
    JsonNode parent = edge[0];
    if (parent instanceof ObjectNode o) {
      String name = null;
      for (var it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue() == edge[1]) {
          name = e.getKey();
        }
      }
      if (replacement == null) {
        o.remove(name);
      } else {
        o.set(name, replacement);
      }
    } else if (parent instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i) == edge[1]) {
          if (replacement == null) {
            a.remove(i);
          } else {
            a.set(i, replacement);
          }
          break;
        }
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode[]> edges) {
    for (JsonNode child : node) {
      edges.add(new JsonNode[] {node, child});
      collect(child, edges);
    }
  }
}
