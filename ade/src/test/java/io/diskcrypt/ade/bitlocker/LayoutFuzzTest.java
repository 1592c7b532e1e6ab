package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diskcrypt.core.testing.Seeds;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fields that place things on a volume (conversion states, encrypted size, conversion size, the
 * three metadata offsets, the backup of the first sectors), set from fuzzed bytes in a valid metadata
 * area whose CRC-32 is then fixed: the parser either refuses with {@link BitLockerFormatException} or
 * yields segments that cover the volume exactly once, read zeros on every reserved area, never map data
 * onto one, and decrypt exactly what lies below the encrypted boundary.
 *
 * <p>Input, little-endian, each field applied only when the input reaches it: u16 current state, u16
 * next state, u64 encrypted size, u32 conversion size, 3 x u64 metadata offsets, u64 backup offset, u32
 * backup size (52 bytes). Under {@code JAZZER_FUZZ=1} the {@code @FuzzTest} fuzzes for 10 s; otherwise
 * it replays the inputs stored under {@code LayoutFuzzTestInputs/<method name>/}, whose outcomes the
 * table below asserts.
 */
class LayoutFuzzTest {
  static {
    if (System.getProperty("jazzer.instrumentation_includes") == null) {
      System.setProperty("jazzer.instrumentation_includes", "io.diskcrypt.ade.bitlocker.**");
    }
  }

  private static final MetadataFixture FIXTURE = new MetadataFixture(false);
  private static final byte[] AREA = FIXTURE.area(0);
  private static final int SECTOR = 512;
  private static final String INPUTS = "LayoutFuzzTestInputs/parseLayout_fuzzedFields_segmentsCoverTheVolumeOrRefused/";

  @FuzzTest(maxDuration = "10s")
  void parseLayout_fuzzedFields_segmentsCoverTheVolumeOrRefused(byte[] input) {
    try {
      checkSegments(FveCodec.parseArea(apply(input), SECTOR, MetadataFixture.SIZE));
    } catch (BitLockerFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * Each stored input with the outcome its name promises: refused naming the text given, or parsed
   * ("-") with segments that pass {@link #checkSegments}.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "unchanged                 | -",
      "windows-spread-offsets    | -",
      "paused-at-1m              | -",
      "switching-with-convert    | -",
      "boundary-inside-backup    | -",
      "decrypted-state-zero-size | -",
      "copies-overlap            | FVE metadata copy 0 [655360, 720896) overlaps FVE metadata copy 1",
      "backup-overlaps-copy-2    | overlaps backup of the first 8192 bytes",
      "copy-over-first-sectors   | overlaps relocated first 8192 bytes",
      "state-zero                | current state is 0",
      "encrypted-past-device     | encrypted volume size is 4194304",
      "convert-past-device       | conversion size is 2097152",
      "backup-unaligned          | volume header entry offset is 1000"})
  void parseLayout_storedFuzzInput_hasItsExpectedOutcome(String name, String expected) throws Exception {
    byte[] input;
    try (InputStream in = LayoutFuzzTest.class.getResourceAsStream(INPUTS + name)) {
      assertThat(in).as("stored input %s", name).isNotNull();
      input = in.readAllBytes();
    }
    Throwable t = catchThrowable(() -> checkSegments(FveCodec.parseArea(apply(input), SECTOR, MetadataFixture.SIZE)));
    if (expected.equals("-")) {
      assertThat(t).as("%s parses into consistent segments", name).isNull();
    } else {
      assertThat(t).as("%s is refused", name).isInstanceOf(BitLockerFormatException.class).hasMessageContaining(expected);
    }
  }

  @Test
  void storedFuzzInputs_allHaveAnExpectedOutcome() throws Exception {
    Path dir = Path.of(LayoutFuzzTest.class.getResource(INPUTS).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("inputs in %s: add each to the table above", dir)
          .containsExactlyInAnyOrder("unchanged", "windows-spread-offsets", "paused-at-1m", "switching-with-convert",
              "boundary-inside-backup", "decrypted-state-zero-size", "copies-overlap", "backup-overlaps-copy-2",
              "copy-over-first-sectors", "state-zero", "encrypted-past-device", "convert-past-device", "backup-unaligned");
    }
  }

  /** Plausible layouts (sector-aligned values inside the device): most parse, and their segments must hold. */
  @Test
  void parseLayout_seededPlausibleFields_segmentsCoverTheVolumeOrRefused() {
    long seed = Seeds.base();
    SplittableRandom random = Seeds.random(seed);
    long sectors = MetadataFixture.SIZE / SECTOR;
    int parsed = 0;
    for (int round = 0; round < 500; round++) {
      byte[] input = new byte[52];
      Le.put16(input, 0, 1 + random.nextInt(5));
      Le.put16(input, 2, random.nextBoolean() ? 4 : 1);
      Le.put64(input, 4, random.nextLong(sectors + 1) * SECTOR);
      Le.put32(input, 12, random.nextLong(sectors / 4) * SECTOR);
      for (int i = 0; i < 4; i++) {
        Le.put64(input, 16 + 8 * i, (1 + random.nextLong(sectors - 128)) * SECTOR);
      }
      Le.put32(input, 48, (1 + random.nextInt(16)) * SECTOR);
      int r = round;
      Throwable t = catchThrowable(() -> checkSegments(FveCodec.parseArea(apply(input), SECTOR, MetadataFixture.SIZE)));
      assertThat(t).as("seed %d round %d", seed, r).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(BitLockerFormatException.class));
      parsed += t == null ? 1 : 0;
    }
    assertThat(parsed).as("seed %d: some layouts parse", seed).isPositive();
  }

  /** The fixture's area with the fields the input reaches set from it, and its CRC-32 fixed. */
  static byte[] apply(byte[] input) {
    byte[] area = AREA.clone();
    int header;
    try {
      header = MetadataFixture.datumOffset(area, Datums.ENTRY_VOLUME_HEADER) + Datums.HEADER;
    } catch (BitLockerFormatException e) {
      throw new IllegalStateException(e);
    }
    int[][] fields = {{0, 12, 2}, {2, 14, 2}, {4, 16, 8}, {12, 24, 4}, {16, 32, 8}, {24, 40, 8}, {32, 48, 8},
        {40, header, 8}, {48, header + 8, 4}};
    for (int[] f : fields) {
      if (input.length >= f[0] + f[2]) {
        System.arraycopy(input, f[0], area, f[1], f[2]);
        if (f[1] == header + 8) {
          java.util.Arrays.fill(area, header + 12, header + 16, (byte) 0); // the backup size is a u64 on disk
        }
      }
    }
    return MetadataFixture.recrc(area);
  }

  /** The invariants every parsed layout's segments keep. */
  static void checkSegments(FveMetadata m) {
    List<Segment> segments = Segment.of(m, SECTOR);
    long relocated = m.headerBytes() / SECTOR;
    long next = 0;
    for (Segment s : segments) {
      assertThat(s.first()).as("%s follows the previous segment", s).isEqualTo(next);
      assertThat(s.count()).as("%s is not empty", s).isPositive();
      next = s.end();
      long firstByte = s.first() * SECTOR;
      long endByte = s.end() * SECTOR;
      long physicalFirst = s.physicalFirst() * SECTOR;
      long physicalEnd = physicalFirst + s.count() * SECTOR;
      if (s.kind() == Segment.Kind.ZERO) {
        assertThat(s.first()).as("%s: the first sectors are never zeroed, they come from their backup", s)
            .isGreaterThanOrEqualTo(relocated);
        assertThat(zeroRegions(m)).as("%s lies inside a reserved area", s)
            .anyMatch(r -> r.offset() <= firstByte && endByte <= r.end());
        continue;
      }
      if (s.first() < relocated) {
        assertThat(s.end()).as("%s stays in the relocated sectors", s).isLessThanOrEqualTo(relocated);
        assertThat(s.physicalFirst()).isEqualTo(m.headerOffset() / SECTOR + s.first());
      } else {
        assertThat(s.physicalFirst()).isEqualTo(s.first());
        assertThat(zeroRegions(m)).as("%s maps no data onto a reserved area", s)
            .noneMatch(r -> r.offset() < physicalEnd && physicalFirst < r.end());
      }
      boolean encrypted = physicalFirst < m.encryptedBytes();
      assertThat(s.kind()).as("%s against the boundary %d", s, m.encryptedBytes())
          .isEqualTo(encrypted ? Segment.Kind.ENCRYPTED : Segment.Kind.PLAIN);
      assertThat(physicalEnd <= m.encryptedBytes() || physicalFirst >= m.encryptedBytes())
          .as("%s does not straddle the boundary %d", s, m.encryptedBytes()).isTrue();
    }
    assertThat(next).as("the segments end at the volume's end").isEqualTo(m.volumeBytes() / SECTOR);
  }

  private static List<FveMetadata.Region> zeroRegions(FveMetadata m) {
    List<FveMetadata.Region> zeros = new java.util.ArrayList<>(m.reserved());
    if (m.convertBytes() > 0) {
      zeros.add(new FveMetadata.Region("converting", m.encryptedBytes(), m.convertBytes()));
    }
    return zeros;
  }
}
