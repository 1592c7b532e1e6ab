package io.diskcrypt.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        case 1 -> {
          media.discard(first);
          model.remove(first);
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
}
