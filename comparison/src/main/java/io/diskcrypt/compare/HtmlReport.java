package io.diskcrypt.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file: the table (real row and column headers, a caption), each cell's
 * evidence as sentences shown when the cell is clicked, tapped or focused, and a chart (inline SVG
 * that scales with the page) of the crypto each component paid per byte. No external resource, no
 * network; the small inline script only shows evidence, and the evidence is also listed as text.
 */
public final class HtmlReport {
  private static final String[] ACCOUNTS = {"vmCpu", "host", "storageCluster"};
  private static final String[] ACCOUNT_LABELS = {"VM vCPU", "host", "storage cluster"};
  private static final String[] COLOURS = {"#b03a2e", "#1f618d", "#1e7e34"};

  /** The page's base style, shared with the lab page: readable from a phone to a projector. */
  public static final String BASE_STYLE = "*{box-sizing:border-box}"
      + "body{font-family:system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:75rem;line-height:1.45;"
      + "font-size:clamp(1rem,0.9rem + 0.4vw,1.35rem);color:#111;background:#fff;overflow-wrap:anywhere}"
      + "h1{font-size:1.6em;line-height:1.2}h2{font-size:1.3em}"
      + ".scroll{overflow-x:auto;max-width:100%;position:relative}.scroll:focus{outline:3px solid #1f618d}"
      + "table{border-collapse:collapse}caption{text-align:left;font-weight:bold;padding:.3em 0}"
      + "th,td{border:1px solid #888;padding:.35em;vertical-align:top;overflow-wrap:normal}"
      + "thead th{background:#eee;font-size:.85em;min-width:5.5em}th[scope=row]{text-align:left;font-size:.9em;min-width:9em}"
      + "button{font:inherit;min-width:2.75rem;min-height:2.75rem;cursor:pointer}"
      + "button:focus-visible,summary:focus-visible,a:focus-visible{outline:3px solid #1f618d;outline-offset:2px}"
      + ".yes{color:#1e7e34;font-weight:bold}.no{color:#b03a2e;font-weight:bold}.note{color:#444;font-size:.9em}"
      + ".panel{border:2px solid #1f618d;border-radius:.4em;padding:.6em;margin:1em 0;background:#f4f8fb}"
      + "svg{width:100%;height:auto;max-width:36rem}";

  private HtmlReport() {}

  /** The report of one table. */
  public static String render(ComparisonTable table) {
    return render(List.of(table));
  }

  /**
   * The report of several tables, such as both editions: each table under its edition's heading,
   * one evidence panel, the chart of the last table's rows.
   *
   * @throws IllegalArgumentException when {@code tables} is empty
   */
  public static String render(List<ComparisonTable> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one table");
    }
    boolean several = tables.size() > 1;
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>diskcrypt-sim: managed disk encryption options compared</title>")
        .append("<style>").append(BASE_STYLE)
        .append("td{text-align:center}td button{background:#fff;border:1px solid #bbb;border-radius:.3em}</style></head><body><main>\n")
        .append("<h1>Managed disk encryption options, derived by observation</h1>\n")
        .append("<p class=\"note\">Every cell comes from an audit of a simulated VM: known plaintext written through the guest, ")
        .append("each surface scanned, keys revoked and restored, the CPU ledger read. Select a cell (click, tap or Tab to it) ")
        .append("to read its evidence below the table").append(several ? "s" : "").append(". ")
        .append(several ? "Editions: " : "Defender edition: ")
        .append(escape(String.join(", ", tables.stream().map(t -> t.edition().id()).toList()))).append(".</p>\n");
    for (ComparisonTable table : tables) {
      String suffix = several ? "-" + table.edition().id() : "";
      String prefix = several ? "ev-" + table.edition().id() + "-" : "ev-";
      if (several) {
        out.append("<h2>").append(escape(heading(table.edition()))).append("</h2>\n");
      }
      out.append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"table-caption").append(suffix).append("\" tabindex=\"0\">\n<table>")
          .append("<caption id=\"table-caption").append(suffix).append("\">Encryption options (rows) against what was observed (columns)")
          .append(several ? ", edition " + escape(table.edition().id()) : "").append("</caption>\n<thead><tr><th scope=\"col\">Option</th>");
      for (Column column : table.columns()) {
        out.append("<th scope=\"col\">").append(escape(column.heading())).append("</th>");
      }
      out.append("</tr></thead>\n<tbody>\n");
      for (Row row : table.rows()) {
        out.append("<tr><th scope=\"row\">").append(escape(row.label())).append("</th>");
        for (Column column : table.columns()) {
          Cell cell = row.cell(column);
          String id = prefix + row.option() + "-" + column.id();
          out.append("<td><button type=\"button\" class=\"cell\" data-evidence=\"").append(id).append("\" aria-describedby=\"").append(id)
              .append("\" aria-label=\"").append(escape(column.heading() + ", " + row.label() + ": " + words(column, cell))).append("\">")
              .append(markHtml(column, cell)).append("</button></td>");
        }
        out.append("</tr>\n");
      }
      out.append("</tbody></table></div>\n");
    }
    out.append("<div class=\"panel\" id=\"evidence\" aria-live=\"polite\"><h2 id=\"evidence-title\">Evidence</h2>")
        .append("<p id=\"evidence-text\">Select a cell to read what was done and observed.</p></div>\n");
    out.append("<h2>Crypto CPU per byte, by component</h2>\n").append(chart(tables.get(tables.size() - 1).rows()));
    out.append("<details><summary>Every cell's evidence as text</summary>\n");
    for (ComparisonTable table : tables) {
      String prefix = several ? "ev-" + table.edition().id() + "-" : "ev-";
      for (Row row : table.rows()) {
        out.append("<h3>").append(several ? escape(table.edition().id()) + ": " : "").append(escape(row.label())).append("</h3><dl>");
        for (Column column : table.columns()) {
          Cell cell = row.cell(column);
          out.append("<dt>").append(escape(column.heading())).append(": ").append(escape(words(column, cell))).append("</dt><dd id=\"")
              .append(prefix).append(row.option()).append('-').append(column.id()).append("\">").append(escape(EvidenceText.of(column, cell)))
              .append("</dd>");
        }
        out.append("</dl>\n");
      }
    }
    out.append("</details>\n</main>\n<script>").append(EVIDENCE_SCRIPT).append("</script>\n</body></html>\n");
    return out.toString();
  }

  private static String heading(Edition edition) {
    return edition == Edition.E2022 ? "Edition 2022: the mission's table" : "Current edition: today's page (May 2025)";
  }

  /** Shows the evidence of the focused or clicked cell in the panel. */
  private static final String EVIDENCE_SCRIPT = "function showEvidence(b){var d=document.getElementById(b.dataset.evidence);"
      + "document.getElementById('evidence-title').textContent=b.getAttribute('aria-label');"
      + "document.getElementById('evidence-text').textContent=d.textContent;}"
      + "document.querySelectorAll('button.cell').forEach(function(b){"
      + "b.addEventListener('click',function(){showEvidence(b)});b.addEventListener('focus',function(){showEvidence(b)});});";

  /**
   * The chart: for each option, the nanoseconds of crypto per byte each component spent in the
   * audit's second pass (the first warms the JIT up), with the bytes it covers. One run on a shared
   * machine: for careful figures, {@code diskcrypt bench}.
   */
  private static String chart(List<Row> rows) {
    double max = 0.001;
    for (Row row : rows) {
      for (String account : ACCOUNTS) {
        max = Math.max(max, nsPerByte(row, account));
      }
    }
    // Narrow and tall, so that it stays readable when it scales down to a phone: each component's
    // figure is written above its bar.
    int width = 300;
    int viewWidth = 440;
    int line = 16;
    int groupHeight = line + 6 + ACCOUNTS.length * (line + 12) + 10;
    int height = rows.size() * groupHeight + 10;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
        + "font-family=\"system-ui,sans-serif\">%n<title id=\"chart-title\">Crypto CPU per byte by component</title>%n<desc id=\"chart-desc\">",
        viewWidth, height));
    for (Row row : rows) {
      svg.append(escape(row.label())).append(": ");
      for (int i = 0; i < ACCOUNTS.length; i++) {
        svg.append(ACCOUNT_LABELS[i]).append(' ').append(figure(row, ACCOUNTS[i])).append(i + 1 < ACCOUNTS.length ? ", " : ". ");
      }
    }
    svg.append("</desc>\n");
    int y = 4;
    for (Row row : rows) {
      svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", y + 13, escape(row.label())));
      int at = y + line + 6;
      for (int i = 0; i < ACCOUNTS.length; i++) {
        double perByte = nsPerByte(row, ACCOUNTS[i]);
        int length = Math.max(1, (int) Math.round(perByte / max * width));
        svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s: %s</text>", at + 12, ACCOUNT_LABELS[i], figure(row, ACCOUNTS[i])));
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"8\" fill=\"%s\"/>%n", at + 16, length, COLOURS[i]));
        at += line + 12;
      }
      y += groupHeight;
    }
    svg.append("</svg>\n<p class=\"note\">Nanoseconds of crypto per byte each component encrypted or decrypted while the guest wrote, ")
        .append("from the audit's second pass (the first warms the JIT up), measured once on this machine. ")
        .append("A short workload on a shared machine: for careful figures run <code>diskcrypt bench</code>.</p>\n");
    return svg.toString();
  }

  private static String figure(Row row, String account) {
    long bytes = figures(row, account, "bytes");
    return bytes == 0 ? "none" : String.format(Locale.ROOT, "%.2f ns/B over %,d B", nsPerByte(row, account), bytes);
  }

  private static double nsPerByte(Row row, String account) {
    long bytes = figures(row, account, "bytes");
    return bytes == 0 ? 0 : (double) figures(row, account, "ns") / bytes;
  }

  private static long figures(Row row, String account, String key) {
    Object figures = row.cell(Column.NO_VM_CPU).evidence().get(account);
    if (figures instanceof Map<?, ?> map && map.get(key) instanceof Number n) {
      return n.longValue();
    }
    return 0;
  }

  /**
   * A cell as HTML: a check or a cross from the common text fonts (not the emoji the terminal gets,
   * which a browser without an emoji font shows as boxes), coloured, with any words after it.
   */
  public static String markHtml(Column column, Cell cell) {
    String mark = TableRenderer.mark(column, cell);
    if (mark.startsWith(TableRenderer.YES)) {
      return "<span class=\"yes\" aria-hidden=\"true\">&#10003;</span>" + escape(mark.substring(TableRenderer.YES.length()));
    }
    if (mark.startsWith(TableRenderer.NO)) {
      return "<span class=\"no\" aria-hidden=\"true\">&#10007;</span>" + escape(mark.substring(TableRenderer.NO.length()));
    }
    return escape(mark);
  }

  /** A cell in words, for accessible names: yes, no, not measured, or the Defender status. */
  public static String words(Column column, Cell cell) {
    String mark = TableRenderer.mark(column, cell);
    if (mark.startsWith(TableRenderer.YES)) {
      return "yes" + mark.substring(TableRenderer.YES.length());
    }
    if (mark.startsWith(TableRenderer.NO)) {
      return "no" + mark.substring(TableRenderer.NO.length());
    }
    return mark.equals(TableRenderer.NOT_MEASURED) ? "not measured" : mark;
  }

  /** Text made safe for HTML content and attribute values. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
