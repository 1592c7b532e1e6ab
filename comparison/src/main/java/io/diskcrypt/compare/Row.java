package io.diskcrypt.compare;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One option's row.
 *
 * @param option the option's id: {@code sse-pmk}, {@code sse-cmk}, {@code ade}, {@code host}, ...
 * @param label the option's name for people
 * @param cells one cell per column measured
 */
public record Row(String option, String label, Map<Column, Cell> cells) {
  /** Copies the cells. */
  public Row {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(label, "label");
    cells = Collections.unmodifiableMap(new EnumMap<>(cells));
  }

  /** The cell of {@code column}. */
  public Cell cell(Column column) {
    Cell cell = cells.get(column);
    if (cell == null) {
      throw new IllegalArgumentException("row " + option + " has no cell " + column.id());
    }
    return cell;
  }
}
