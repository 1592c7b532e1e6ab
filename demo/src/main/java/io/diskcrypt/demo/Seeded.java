package io.diskcrypt.demo;

import io.diskcrypt.core.crypto.Randomness;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --seed} option of the commands a class repeats: same seed, same keys, ids and output. */
final class Seeded {
  @Option(names = "--seed", paramLabel = "N",
      description = "draw keys and ids from a generator seeded by N, so that the output repeats (for teaching; never for real data)")
  Long seed;

  /** Runs {@code work} under the seed, if one was given. */
  <T> T run(Supplier<T> work) {
    return seed == null ? work.get() : Randomness.repeatable(seed, work);
  }
}
