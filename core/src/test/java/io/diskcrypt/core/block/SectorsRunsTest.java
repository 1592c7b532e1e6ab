package io.diskcrypt.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SectorsRunsTest {

  @Test
  void runs_splitAtGapsAndAtTheLimit() {
    long[] held = {0, 1, 2, 3, 4, 9, 10, 1L << 40, (1L << 40) + 1};

    assertThat(Sectors.runs(held, 3)).containsExactly(
        new Sectors.Run(0, 3), new Sectors.Run(3, 2), new Sectors.Run(9, 2), new Sectors.Run(1L << 40, 2));
    assertThat(Sectors.runs(held, 100)).containsExactly(
        new Sectors.Run(0, 5), new Sectors.Run(9, 2), new Sectors.Run(1L << 40, 2));
    assertThat(Sectors.runs(new long[0], 8)).isEmpty();
  }

  @Test
  void runs_nonPositiveLimit_refused() {
    assertThatThrownBy(() -> Sectors.runs(new long[] {1}, 0)).hasMessageContaining("maxCount 0");
  }
}
