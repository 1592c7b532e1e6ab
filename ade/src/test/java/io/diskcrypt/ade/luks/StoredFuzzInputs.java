package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The stored inputs of a header fuzz target (Jazzer's inputs folder) and the outcome each promises. */
final class StoredFuzzInputs {
  private final Class<?> owner;
  private final String folder;

  /** {@code folder}: the inputs' resource folder next to {@code owner}, ending in a slash. */
  StoredFuzzInputs(Class<?> owner, String folder) {
    this.owner = owner;
    this.folder = folder;
  }

  byte[] read(String name) throws Exception {
    try (InputStream in = owner.getResourceAsStream(folder + name)) {
      assertThat(in).as("stored input %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** {@code field} "-": the input parses; otherwise it is refused naming that field. */
  static void assertOutcome(String name, String field, ThrowingCallable parse) {
    Throwable t = catchThrowable(parse);
    if (field.equals("-")) {
      assertThat(t).as("%s parses", name).isNull();
    } else {
      assertThat(t).as("%s is refused", name).isInstanceOf(MalformedHeaderException.class);
      assertThat(((MalformedHeaderException) t).field()).as("%s refused field", name).isEqualTo(field);
    }
  }

  /** Every stored input is in the test's table: a new one without an expected outcome fails. */
  void assertFolderHoldsExactly(String... names) throws Exception {
    Path dir = Path.of(owner.getResource(folder).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("inputs in %s: add each to the table above", dir)
          .containsExactlyInAnyOrder(names);
    }
  }
}
