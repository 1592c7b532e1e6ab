package io.diskcrypt.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.BitSet;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Sparse media against a plain model (a map of sector to bytes), over seeded random I/O. */
class SparseMediaTest {
  private static final long SEED = Seeds.base();

  @ParameterizedTest
  @EnumSource(SectorSize.class)
  void randomIo_matchesAModel_acrossChunkBoundaries(SectorSize size) {
    int ss = size.bytes();
    long sectors = 1L << 28;
    SparseMedia media = new SparseMedia("m", sectors * ss, size);
    TreeMap<Long, byte[]> model = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(SEED);

    for (int op = 0; op < 2000; op++) {
      long first = random.nextInt(4) == 0 ? sectors - 1 - random.nextInt(200) : random.nextInt(400);
      int count = (int) Math.min(1 + random.nextInt(80), sectors - first);
      switch (random.nextInt(3)) {
        case 0 -> {
          byte[] data = new byte[count * ss];
          random.nextBytes(data);
          media.write(first, data);
          for (int i = 0; i < count; i++) {
            model.put(first + i, Arrays.copyOfRange(data, i * ss, (i + 1) * ss));
          }
        }
        default -> {
          byte[] read = new byte[count * ss];
          media.read(first, read);
          for (int i = 0; i < count; i++) {
            byte[] expected = model.getOrDefault(first + i, new byte[ss]);
            assertThat(Arrays.copyOfRange(read, i * ss, (i + 1) * ss)).as("seed %d, op %d, sector %d", SEED, op, first + i)
                .isEqualTo(expected);
          }
        }
      }
    }
    assertThat(media.sectorsHeld()).as("seed %d", SEED).isEqualTo(model.size());
    assertThat(media.heldSectors()).as("seed %d", SEED).containsExactly(model.keySet().stream().mapToLong(Long::longValue).toArray());
    for (long sector : model.keySet()) {
      assertThat(media.holds(sector)).as("seed %d, sector %d", SEED, sector).isTrue();
      assertThat(media.readRaw(sector)).as("seed %d, sector %d", SEED, sector).contains(model.get(sector));
    }
    assertThat(media.readRaw(sectors / 2)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(SectorSize.class)
  void scan_countsHeldSectorsAndFindsThePatternOnlyInsideOneSector(SectorSize size) {
    int ss = size.bytes();
    SparseMedia media = new SparseMedia("m", 1024L * ss, size);
    byte[] needle = "NEEDLE".getBytes(StandardCharsets.US_ASCII);
    byte[] two = new byte[2 * ss];
    System.arraycopy(needle, 0, two, ss - 3, needle.length); // straddles sectors 70 and 71: in neither
    media.write(70, two);
    byte[] one = new byte[ss];
    System.arraycopy(needle, 0, one, ss - needle.length, needle.length);
    media.write(500, one);

    ScanResult result = media.scan(needle);

    assertThat(result.scanned()).isEqualTo(3);
    assertThat(result.hits()).isEqualTo(1);
    assertThat(result.firstHit()).isEqualTo(500);
    media.wipe();
    assertThat(media.scan(needle).scanned()).isZero();
  }

  static Stream<Arguments> sizesAndSeeds() {
    return Stream.of(SectorSize.values())
        .flatMap(size -> LongStream.range(0, 8).mapToObj(i -> Arguments.of(size, SEED + i)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("sizesAndSeeds")
  void heldRunLength_matchesAModel_acrossChunkBoundariesAndTheLimit(SectorSize size, long seed) {
    // Small media (a few dozen 32 KiB chunks at 512-byte sectors, over a hundred at 4096) so that
    // random writes, and a wipe now and then, make runs that start, end and cross chunks everywhere, up to the end.
    int sectors = 1600;
    int ss = size.bytes();
    SparseMedia media = new SparseMedia("m", (long) sectors * ss, size);
    BitSet model = new BitSet(sectors);
    SplittableRandom random = new SplittableRandom(seed);

    for (int op = 0; op < 600; op++) {
      int first = random.nextInt(sectors);
      int count = Math.min(1 + random.nextInt(random.nextBoolean() ? 8 : 200), sectors - first);
      if (random.nextInt(20) > 0) {
        media.write(first, new byte[count * ss]);
        model.set(first, first + count);
      } else {
        media.wipe();
        model.clear();
      }
      for (int q = 0; q < 8; q++) {
        int sector = q == 0 ? sectors - 1 - random.nextInt(70) : random.nextInt(sectors);
        int limit = q % 2 == 0 ? sectors - sector : 1 + random.nextInt(sectors - sector);
        assertThat(media.heldRunLength(sector, limit))
            .as("seed %d, op %d, sector %d, limit %d", seed, op, sector, limit)
            .isEqualTo(modelRun(model, sector, limit));
      }
    }
  }

  /** The run by definition: sector by sector. */
  private static int modelRun(BitSet model, int sector, int limit) {
    int run = 1;
    while (run < limit && model.get(sector + run) == model.get(sector)) {
      run++;
    }
    return run;
  }

  @ParameterizedTest
  @EnumSource(SectorSize.class)
  void heldRunLength_refusesARangeOffTheMedia(SectorSize size) {
    SparseMedia media = new SparseMedia("m", 100L * size.bytes(), size);

    assertThat(media.heldRunLength(99, 1)).isEqualTo(1);
    assertThatThrownBy(() -> media.heldRunLength(99, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 100)");
    assertThatThrownBy(() -> media.heldRunLength(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> media.heldRunLength(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
