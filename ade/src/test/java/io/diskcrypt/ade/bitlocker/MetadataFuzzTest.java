package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diskcrypt.core.testing.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated FVE metadata and {@code .BEK} files fed to the parsers: the only exception allowed out is
 * {@link BitLockerFormatException}. Under {@code JAZZER_FUZZ=1} the {@code @FuzzTest}s fuzz for 10 s;
 * in a plain JUnit run each replays the empty input and the stored inputs in
 * {@code src/test/resources/io/diskcrypt/ade/bitlocker/MetadataFuzzTestInputs/<method name>/}, and
 * the seeded tests below add a fixed set of mutations.
 *
 * <p>The stored area inputs are read by {@link FuzzedDataProvider}, which takes integers from the end
 * of the input: reading backwards, the edit count minus one, then per edit the offset (two bytes, high
 * first), the value byte and the width (0 byte, 1 u16, 2 u32), then the re-CRC flag. Each is named for
 * where it stops: the block signature, the encrypted volume size or the encryption method (both
 * re-CRC'd past the validation CRC-32), the CRC-32 itself (the same method edit without re-CRC), or
 * parsed (a volume GUID edit, which no check covers). The BEK inputs are the file as written by
 * {@link BitLocker#format} and edits of it that stop at the header size, a datum overrunning the file
 * (also with the file truncated and its size fields fixed) and a key entry without a key datum.
 */
class MetadataFuzzTest {
  static {
    // When fuzzing, guide coverage by this package's parsers only, not Bouncy Castle or core.
    if (System.getProperty("jazzer.instrumentation_includes") == null) {
      System.setProperty("jazzer.instrumentation_includes", "io.diskcrypt.ade.bitlocker.**");
    }
  }

  private static final MetadataFixture FIXTURE = new MetadataFixture(false);
  private static final byte[] AREA = FIXTURE.area(0);
  private static final byte[] BEK = FIXTURE.result.bek().toBytes();
  private static final int SPAN = MetadataFixture.blockBytes(AREA) + FveCodec.VALIDATION;

  @FuzzTest(maxDuration = "10s")
  void parseArea_fuzzedMutations_onlyFormatException(FuzzedDataProvider data) {
    byte[] area = AREA.clone();
    int edits = data.consumeInt(1, 16);
    for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
      mutate(area, data.consumeInt(0, SPAN - 1), data.consumeByte(), data.consumeInt(0, 2));
    }
    if (data.consumeBoolean()) {
      MetadataFixture.recrc(area);
    }
    parseArea(area);
  }

  @FuzzTest(maxDuration = "10s")
  void bekParse_fuzzedBytes_onlyFormatException(byte[] input) {
    try {
      BekFile.parse(input).destroy();
    } catch (BitLockerFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void parseArea_seededMutations_onlyFormatException() {
    long seed = Seeds.base();
    SplittableRandom random = Seeds.random(seed);
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] area = AREA.clone();
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        mutate(area, random.nextInt(SPAN), (byte) random.nextInt(256), random.nextInt(3));
      }
      MetadataFixture.recrc(area);
      boolean[] parsed = new boolean[1];
      int r = round;
      assertThatCode(() -> parsed[0] = parseArea(area)).as("seed %d round %d", seed, r).doesNotThrowAnyException();
      refused += parsed[0] ? 0 : 1;
    }
    assertThat(refused).as("seed %d: some mutations are refused", seed).isPositive();
  }

  @Test
  void bekParse_seededMutations_onlyFormatException() {
    long seed = Seeds.base();
    SplittableRandom random = Seeds.random(seed);
    for (int round = 0; round < 3000; round++) {
      byte[] file = BEK.clone();
      file[random.nextInt(file.length)] = (byte) random.nextInt(256);
      if (random.nextInt(4) == 0) {
        file = java.util.Arrays.copyOf(file, random.nextInt(file.length));
      }
      byte[] input = file;
      int r = round;
      assertThatCode(() -> bekParse_fuzzedBytes_onlyFormatException(input)).as("seed %d round %d", seed, r)
          .doesNotThrowAnyException();
    }
  }

  /** Sets a byte, a little-endian u16 or a u32 at {@code at} to {@code value} (sign-extended for wider fields). */
  private static void mutate(byte[] area, int at, byte value, int width) {
    int bytes = 1 << width;
    for (int i = 0; i < bytes && at + i < area.length; i++) {
      area[at + i] = i == 0 ? value : (byte) (value >> 7);
    }
  }

  /** True when the area parsed; false when it was refused with the documented exception. */
  private static boolean parseArea(byte[] area) {
    try {
      FveCodec.parseArea(area, 512, MetadataFixture.SIZE);
      return true;
    } catch (BitLockerFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return false;
    }
  }
}
