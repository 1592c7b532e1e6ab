package io.diskcrypt.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that narrate for a class ({@code attack}, {@code scenario}): {@code --json}
 * for programs, {@code --seed} for a lesson that repeats.
 */
final class NarrationOptions {
  @Option(names = "--json", description = "print the same facts as one JSON object instead of text")
  boolean json;

  @Mixin Seeded seeded;

  /** Runs {@code work} under the seed, if one was given. */
  <T> T run(Supplier<T> work) {
    return seeded.run(work);
  }

  /** {@code tree} (maps, lists, values) as indented JSON, ending with a line break. */
  static String json(Object tree) throws JsonProcessingException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n";
  }
}
