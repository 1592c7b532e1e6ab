package io.diskcrypt.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cell of the comparison: its value, the evidence that produced it, and, where the evidence
 * limits the value, a qualifier in the table's words ({@code "only supported with platform-managed
 * key"}, {@code "when configured with DES"}, {@code "in preview"}).
 *
 * @param value a {@link Boolean}; a {@link String} for the Defender column; a list of strings for the
 *     HSM support column (the key stores that worked)
 * @param evidence the counts and figures behind the value, in insertion order
 * @param qualifier the qualifier, derived from the evidence, if any
 */
public record Cell(Object value, Map<String, Object> evidence, Optional<String> qualifier) {
  /** Checks the value's type and copies the evidence. */
  public Cell {
    Objects.requireNonNull(value, "value");
    if (value instanceof List<?> list) {
      value = List.copyOf(list.stream().map(String.class::cast).toList());
    } else if (!(value instanceof Boolean) && !(value instanceof String)) {
      throw new IllegalArgumentException("a cell holds a boolean, a string or a list of strings, not " + value.getClass().getSimpleName());
    }
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    Objects.requireNonNull(qualifier, "qualifier");
  }

  /** A cell without a qualifier. */
  public Cell(Object value, Map<String, Object> evidence) {
    this(value, evidence, Optional.empty());
  }

  /** A boolean cell. */
  public static Cell of(boolean value, Map<String, Object> evidence) {
    return new Cell(value, evidence);
  }

  /** The same cell with {@code text} as its qualifier. */
  public Cell qualified(String text) {
    return new Cell(value, evidence, Optional.of(text));
  }

  /** The value as a boolean; for the Defender column, whether it is {@code Healthy}; for a list, whether it is not empty. */
  public boolean isTrue() {
    if (value instanceof List<?> list) {
      return !list.isEmpty();
    }
    return value instanceof Boolean b ? b : "Healthy".equals(value);
  }
}
