package io.diskcrypt.core.testing;

import java.util.SplittableRandom;

/**
 * Seeds for property-style tests: fixed by default so a run is repeatable, overridable with
 * {@code -Ddiskcrypt.seed=N}; tests print the seed in every assertion message so a failure can be
 * replayed.
 */
public final class Seeds {
  private Seeds() {}

  /** The base seed: {@code diskcrypt.seed} if set, else a fixed value. */
  public static long base() {
    return Long.getLong("diskcrypt.seed", 0x5EC7_0125_D15CL);
  }

  /** A generator for case {@code index} of a parameterised test. */
  public static SplittableRandom random(long seed) {
    return new SplittableRandom(seed);
  }
}
