package io.diskcrypt.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file: the table, the evidence of each cell on hover, and a bar chart (inline
 * SVG) of the crypto CPU each component paid per option. No script, no font, no network.
 */
public final class HtmlReport {
  private static final String[] ACCOUNTS = {"vmCpu", "host", "storageCluster"};
  private static final String[] ACCOUNT_LABELS = {"VM vCPU", "host", "storage cluster"};
  private static final String[] COLOURS = {"#c0392b", "#2980b9", "#27ae60"};

  private HtmlReport() {}

  /** The report. */
  public static String render(ComparisonTable table) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>diskcrypt-sim: managed disk encryption options compared</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}")
        .append("th,td{border:1px solid #999;padding:.4em;text-align:center;vertical-align:top}")
        .append("th{background:#eee;font-size:.85em}td.label{text-align:left;font-weight:bold}")
        .append("td[title]{cursor:help}.note{color:#555;font-size:.9em}")
        .append(".yes{color:#1e7e34;font-weight:bold;font-size:1.2em}.no{color:#c0392b;font-weight:bold;font-size:1.2em}</style></head><body>\n")
        .append("<h1>Managed disk encryption options, derived by observation</h1>\n")
        .append("<p class=\"note\">Every cell comes from an audit of a simulated VM: known plaintext written through the guest, ")
        .append("each surface scanned, keys revoked and restored, the CPU ledger read. Hover a cell for its evidence. ")
        .append("Defender edition: ").append(escape(table.edition().id())).append(".</p>\n<table><tr><th></th>");
    for (Column column : table.columns()) {
      out.append("<th>").append(escape(column.heading())).append("</th>");
    }
    out.append("</tr>\n");
    for (Row row : table.rows()) {
      out.append("<tr><td class=\"label\">").append(escape(row.label())).append("</td>");
      for (Column column : table.columns()) {
        Cell cell = row.cell(column);
        out.append("<td title=\"").append(escape(cell.evidence().toString())).append("\">")
            .append(htmlMark(column, cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n<h2>Crypto CPU per component (ns for the audit's workload)</h2>\n");
    out.append(chart(table.rows()));
    out.append("</body></html>\n");
    return out.toString();
  }

  private static String chart(List<Row> rows) {
    long max = 1;
    for (Row row : rows) {
      for (String account : ACCOUNTS) {
        max = Math.max(max, nanos(row, account));
      }
    }
    int barHeight = 14;
    int labelHeight = 18;
    int groupHeight = labelHeight + barHeight * ACCOUNTS.length + 14;
    int width = 640;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n",
        width + 260, rows.size() * groupHeight + 10));
    int y = 4;
    for (Row row : rows) {
      svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
          y + 13, escape(row.label())));
      for (int i = 0; i < ACCOUNTS.length; i++) {
        long ns = nanos(row, ACCOUNTS[i]);
        int length = Math.max(1, (int) Math.round((double) ns / max * width));
        int barY = y + labelHeight + i * barHeight;
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
            barY, length, barHeight - 2, COLOURS[i]));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s: %,d ns</text>\n",
            length + 4, barY + barHeight - 4, ACCOUNT_LABELS[i], ns));
      }
      y += groupHeight;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /**
   * A cell for a browser: a check or a cross from the common text fonts (not the emoji the terminal
   * gets, which a browser without an emoji font shows as boxes), coloured, with any words after it.
   */
  private static String htmlMark(Column column, Cell cell) {
    String mark = TableRenderer.mark(column, cell);
    if (mark.startsWith(TableRenderer.YES)) {
      return "<span class=\"yes\">&#10003;</span>" + escape(mark.substring(TableRenderer.YES.length()));
    }
    if (mark.startsWith(TableRenderer.NO)) {
      return "<span class=\"no\">&#10007;</span>" + escape(mark.substring(TableRenderer.NO.length()));
    }
    return escape(mark);
  }

  private static long nanos(Row row, String account) {
    Object figures = row.cell(Column.NO_VM_CPU).evidence().get(account);
    if (figures instanceof Map<?, ?> map && map.get("ns") instanceof Number n) {
      return n.longValue();
    }
    return 0;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
