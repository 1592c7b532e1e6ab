package io.diskcrypt.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ComparisonTable} for people (text, Markdown, HTML) and for programs (JSON). */
public final class TableRenderer {
  static final String YES = "\u2705";
  static final String NO = "\u274C";
  static final String NOT_MEASURED = "-";

  private TableRenderer() {}

  /** The table's names of the key stores of the HSM support column. */
  private static final Map<String, String> STORES = Map.of("keyVaultStandard", "Key Vault Standard",
      "keyVaultPremium", "Key Vault Premium", "managedHsm", "Managed HSM");
  /** The same, in one letter, for the terminal table. */
  private static final Map<String, String> STORE_LETTERS = Map.of("keyVaultStandard", "S", "keyVaultPremium", "P", "managedHsm", "M");

  /**
   * A cell as the table writes it: a check or a cross (with its qualifier), the Defender wording, a
   * refusal's reason, the stores that worked.
   */
  static String mark(Column column, Cell cell) {
    String mark = bareMark(column, cell);
    return cell.qualifier().map(q -> mark + ", " + q).orElse(mark);
  }

  private static String bareMark(Column column, Cell cell) {
    if (cell.value() instanceof String text) {
      return text;
    }
    if (cell.value() instanceof List<?> stores) {
      return stores.isEmpty() ? NO : String.join(" and ", stores.stream().map(id -> STORES.getOrDefault(id, String.valueOf(id))).toList());
    }
    boolean yes = (Boolean) cell.value();
    if (Boolean.FALSE.equals(cell.evidence().get("measured"))) {
      return NOT_MEASURED;
    }
    if (!yes && column == Column.CUSTOM_IMAGES && cell.evidence().get("refusal") instanceof String refusal) {
      // The refusal's first clause, as the mission words it ("Does not work for custom Linux images").
      return NO + " " + refusal.split(":", 2)[0];
    }
    return yes ? YES : NO;
  }

  /** A Markdown table in the mission's layout. */
  public static String markdown(ComparisonTable table) {
    StringBuilder out = new StringBuilder();
    out.append("| |");
    table.columns().forEach(c -> out.append(' ').append(c.heading()).append(" |"));
    out.append("\n|--|");
    table.columns().forEach(c -> out.append("--|"));
    out.append('\n');
    for (Row row : table.rows()) {
      out.append("| **").append(row.label()).append("** |");
      for (Column column : table.columns()) {
        out.append(' ').append(mark(column, row.cell(column)).replace("|", "\\|")).append(" |");
      }
      out.append('\n');
    }
    out.append("\nDefender edition: ").append(table.edition().id())
        .append(". Every cell is derived from an audit; `--format json` shows the evidence.\n");
    return out.toString();
  }

  /** A plain-text table for a terminal, with the headings as a numbered legend. */
  public static String text(ComparisonTable table) {
    List<Column> columns = table.columns();
    int labelWidth = table.rows().stream().mapToInt(r -> r.label().length()).max().orElse(10);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", "option"));
    for (int i = 0; i < columns.size(); i++) {
      out.append(String.format(Locale.ROOT, "  %-3s", "[" + (i + 1) + "]"));
    }
    out.append('\n');
    for (Row row : table.rows()) {
      out.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", row.label()));
      for (Column column : columns) {
        Cell cell = row.cell(column);
        String mark = cell.value() instanceof String s ? (s.equals("Healthy") ? "ok" : s.equals("Not applicable") ? "n/a" : "UNH")
            : cell.value() instanceof List<?> stores ? stores.isEmpty() ? NO
                : String.join(",", stores.stream().map(id -> STORE_LETTERS.getOrDefault(id, "?")).toList())
            : Boolean.FALSE.equals(cell.evidence().get("measured")) ? NOT_MEASURED : (cell.isTrue() ? YES : NO);
        out.append("  ").append(padMark(mark));
      }
      out.append('\n');
    }
    out.append('\n');
    for (int i = 0; i < columns.size(); i++) {
      out.append(String.format(Locale.ROOT, "[%d] %s%n", i + 1, columns.get(i).heading()));
    }
    if (table.edition() == Edition.E2022) {
      out.append("\nDefender (edition ").append(table.edition().id()).append("): ok = Healthy, UNH = Unhealthy, not applicable if exempt;")
          .append(" - = not measured\n");
    } else {
      out.append("\nDefender (edition ").append(table.edition().id()).append("): ok = Healthy, UNH = Unhealthy, n/a = Not applicable")
          .append(" (no recommendation applies); - = not measured\n")
          .append("HSM support: the stores whose HSM key worked: S = Key Vault Standard, P = Key Vault Premium, M = Managed HSM\n");
    }
    for (Row row : table.rows()) {
      for (Column column : columns) {
        row.cell(column).qualifier().ifPresent(q -> out.append(row.label()).append(", ").append(column.heading()).append(": ")
            .append(q).append('\n'));
      }
    }
    for (Row row : table.rows()) {
      Cell custom = row.cell(Column.CUSTOM_IMAGES);
      if (!custom.isTrue() && custom.evidence().get("refusal") != null) {
        out.append(row.label()).append(", custom image: ").append(custom.evidence().get("refusal")).append('\n');
      }
    }
    out.append("Every cell is observed, not written down: --format json shows the evidence, `diskcrypt explain OPTION` walks through one.\n");
    return out.toString();
  }

  private static String padMark(String mark) {
    // The check and cross marks are two columns wide in a terminal.
    int width = mark.equals(YES) || mark.equals(NO) ? 2 : mark.length();
    return mark + " ".repeat(Math.max(0, 3 - width));
  }

  /** The JSON object of the issue: {@code edition}, {@code columns}, {@code rows} with cells and evidence. */
  public static String json(ComparisonTable table) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("edition", table.edition().id());
    root.put("columns", table.columns().stream().map(Column::id).toList());
    root.put("rows", table.rows().stream().map(row -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("option", row.option());
      r.put("label", row.label());
      Map<String, Object> cells = new LinkedHashMap<>();
      for (Column column : table.columns()) {
        Cell cell = row.cell(column);
        Map<String, Object> c = new LinkedHashMap<>();
        // a cell not measured is null, as the text's "-": the two renderings agree on every cell
        c.put("value", Boolean.FALSE.equals(cell.evidence().get("measured")) ? null : cell.value());
        cell.qualifier().ifPresent(q -> c.put("qualifier", q));
        c.put("evidence", cell.evidence());
        cells.put(column.id(), c);
      }
      r.put("cells", cells);
      return r;
    }).toList());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence that JSON cannot hold", e);
    }
  }
}
