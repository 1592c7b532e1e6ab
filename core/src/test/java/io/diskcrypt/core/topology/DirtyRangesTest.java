package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DirtyRangesTest {

  @Test
  void randomRuns_coverExactlyTheSectorsAdded_asDisjointSortedRuns() {
    long seed = Seeds.base();
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      DirtyRanges ranges = new DirtyRanges();
      TreeSet<Long> model = new TreeSet<>();
      for (int i = 0; i < 40; i++) {
        long start = random.nextInt(500);
        long count = 1 + random.nextInt(30);
        ranges.add(start, count);
        for (long s = start; s < start + count; s++) {
          model.add(s);
        }
      }
      List<Long> covered = new ArrayList<>();
      long previousEnd = Long.MIN_VALUE;
      for (Map.Entry<Long, Long> run : ranges.runs()) {
        assertThat(run.getKey()).as("seed %d: runs are disjoint, sorted and not touching", seed).isGreaterThan(previousEnd);
        for (long s = run.getKey(); s < run.getValue(); s++) {
          covered.add(s);
        }
        previousEnd = run.getValue();
      }
      assertThat(covered).as("seed %d", seed).containsExactlyElementsOf(model);
      assertThat(ranges.sectors()).as("seed %d", seed).isEqualTo(model.size());
    }
  }

  @Test
  void touchingRuns_merge() {
    DirtyRanges ranges = new DirtyRanges();
    ranges.add(10, 5);
    ranges.add(15, 5);
    ranges.add(0, 10);

    assertThat(ranges.runs()).containsExactly(Map.entry(0L, 20L));
  }
}
