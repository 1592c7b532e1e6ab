package io.diskcrypt.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of the comparison: its value and the evidence that produced it.
 *
 * @param value a {@link Boolean}, or a {@link String} for the Defender column
 * @param evidence the counts and figures behind the value, in insertion order
 */
public record Cell(Object value, Map<String, Object> evidence) {
  /** Checks the value's type and copies the evidence. */
  public Cell {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof Boolean) && !(value instanceof String)) {
      throw new IllegalArgumentException("a cell holds a boolean or a string, not " + value.getClass().getSimpleName());
    }
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  /** A boolean cell. */
  public static Cell of(boolean value, Map<String, Object> evidence) {
    return new Cell(value, evidence);
  }

  /** The value as a boolean; for the Defender column, whether it is {@code Healthy}. */
  public boolean isTrue() {
    return value instanceof Boolean b ? b : "Healthy".equals(value);
  }
}
