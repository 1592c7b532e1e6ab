package io.diskcrypt.compare;

import java.util.List;
import java.util.Objects;

/**
 * The derived comparison: one row per option, one cell per column, each cell with its evidence.
 *
 * @param edition the Defender edition simulated
 * @param columns the columns, in order
 * @param rows the rows, the mission's four first
 */
public record ComparisonTable(Edition edition, List<Column> columns, List<Row> rows) {
  /** Copies the lists. */
  public ComparisonTable {
    Objects.requireNonNull(edition, "edition");
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /**
   * The row of {@code option}.
   *
   * @throws IllegalArgumentException listing the rows when there is none with that id
   */
  public Row row(String option) {
    return rows.stream().filter(r -> r.option().equals(option)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no row " + option + ": rows are " + rows.stream().map(Row::option).toList()));
  }
}
