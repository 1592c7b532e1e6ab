package io.diskcrypt.lab;

import static io.diskcrypt.compare.HtmlReport.escape;

import io.diskcrypt.compare.Cell;
import io.diskcrypt.compare.Column;
import io.diskcrypt.compare.Comparison;
import io.diskcrypt.compare.ComparisonTable;
import io.diskcrypt.compare.Edition;
import io.diskcrypt.compare.EvidenceText;
import io.diskcrypt.compare.HtmlReport;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.Row;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.sse.CmkScenarios;
import io.diskcrypt.sse.ScenarioReport;
import io.diskcrypt.sse.ScenarioStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lab page: one self-contained HTML file for a class, built from the library's outputs. It holds
 * the data path of each option with every surface marked plaintext or ciphertext from the audit's
 * scans, a "predict the table" mode that reveals the derived cells one by one with their evidence in
 * sentences, the attackers' results, the two customer-key timelines and a glossary. No external
 * resource and no network: it works from a USB stick. Buttons, links and disclosure widgets only, so
 * keyboard and touch reach everything; it reflows from a phone to a projector.
 */
public final class LabPage {
  private static final String[][] GLOSSARY = {
    {"SSE (server-side encryption)", "The storage cluster encrypts each sector in front of its media, on its own CPU. Always on for managed disks."},
    {"PMK (platform-managed key)", "A key the platform creates, holds, rotates and could revoke. The customer never sees it."},
    {"CMK (customer-managed key)", "An RSA key in the customer's Key Vault. Disabling or deleting it makes the disks unreadable after a grace period."},
    {"Disk encryption set", "The resource that ties disks to a customer's key: it names the key and has a managed identity allowed to wrap and unwrap with it."},
    {"Data key (DEK)", "The random AES-256-XTS key that really encrypts a disk's sectors. Only its wrapped form is stored with the disk."},
    {"KEK (key-encryption key)", "A key that encrypts other keys, never data: the PMK or CMK wraps each data key; under ADE a KEK wraps the passphrase secret."},
    {"Key wrapping", "Encrypting a key with another key (RSA-OAEP, AES key wrap). Rotating the KEK re-wraps the data keys and re-encrypts no sector."},
    {"XTS tweak", "AES-XTS encrypts each 16-byte block under the sector's number (the tweak): the same bytes at two places give different ciphertext, and a moved sector decrypts to garbage. XTS has no integrity and no freshness."},
    {"Grace period", "After a customer key is revoked, the platform keeps running VMs for up to an hour, then stops them; no start succeeds until the key is usable again."},
    {"Encryption at host", "The VM's host encrypts what reaches its caches, its temp disk and the link, on the host's CPU, with each disk's data key."},
    {"ADE (Azure Disk Encryption)", "Encryption inside the guest: dm-crypt with LUKS on Linux, BitLocker on Windows, paid by the VM's own vCPUs; the passphrase or BEK is a Key Vault secret."},
    {"LUKS", "The Linux on-disk format for encrypted volumes: a header with keyslots (16 MiB in LUKS2), then the data; so data sector n sits at disk sector n + 32768."},
    {"Temp disk", "The VM's local scratch disk on the host's own media: not a managed disk, so storage-side encryption never sees it."},
    {"Host cache", "Host media that keeps copies of a managed disk's sectors (ReadOnly or ReadWrite caching) close to the VM."},
  };

  private LabPage() {}

  /**
   * Derives everything the page shows (the table, every option's attacks, both timelines) on fresh
   * simulated regions and renders it; {@code progress} hears each step.
   */
  public static String build(Consumer<String> progress) {
    ComparisonTable table = Comparison.derive(Edition.E2022, StandardOptions.all(), id -> progress.accept("auditing " + id));
    Map<String, List<AttackResult>> attacks = new LinkedHashMap<>();
    for (OptionSetup option : StandardOptions.all()) {
      progress.accept("attacking " + option.id());
      attacks.put(option.id(), Attacks.run(option));
    }
    progress.accept("playing the customer-key timelines");
    return render(table, attacks, List.of(CmkScenarios.revocation(), CmkScenarios.rotation()));
  }

  /** The page for a derived {@code table}, the attacks on its options (by option id) and the {@code timelines}. */
  public static String render(ComparisonTable table, Map<String, List<AttackResult>> attacks, List<ScenarioReport> timelines) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>diskcrypt-sim lab: where is my data encrypted?</title><style>").append(HtmlReport.BASE_STYLE).append(STYLE)
        .append("</style></head><body>\n<header><h1>Where is my data encrypted? A lab on managed-disk encryption</h1>\n")
        .append("<p>Everything on this page was observed on simulated VMs by <code>diskcrypt-sim</code>: plaintext written through ")
        .append("the guest and looked for on every surface, keys revoked, media tampered with. Predict first, then reveal.</p>\n")
        .append("<nav aria-label=\"Sections\"><ul class=\"toc\"><li><a href=\"#paths\">Data paths</a></li><li><a href=\"#predict\">Predict the table</a></li>")
        .append("<li><a href=\"#attacks\">Attackers</a></li><li><a href=\"#timelines\">Customer-key timelines</a></li>")
        .append("<li><a href=\"#glossary\">Glossary</a></li></ul></nav></header>\n<main>\n");
    paths(out, table);
    predict(out, table);
    attacks(out, table, attacks);
    timelines(out, timelines);
    glossary(out);
    out.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
    return out.toString();
  }

  private static void paths(StringBuilder out, ComparisonTable table) {
    out.append("<section id=\"paths\" aria-labelledby=\"paths-h\"><h2 id=\"paths-h\">1. The data path of each option</h2>\n")
        .append("<p>Each box is a place the guest's bytes pass, in path order. Its colour and its word come from the audit's scans: ")
        .append("<span class=\"hop cipher\">ciphertext</span> where the written plaintext was not found, ")
        .append("<span class=\"hop plain\">plaintext</span> where it was.</p>\n<div class=\"paths\">\n");
    for (Row row : table.rows()) {
      out.append("<figure class=\"path\"><figcaption>").append(escape(row.label())).append("</figcaption>\n");
      hops(out, "OS and data disks", List.of(
          new String[] {"guest", "plaintext"},
          surface("host cache media", row.cell(Column.CACHES)),
          surface("compute-storage link", row.cell(Column.LINK_ENCRYPTED)),
          surface("storage media", row.cell(Column.ENCRYPTION_AT_REST))));
      hops(out, "temp disk", List.of(new String[] {"guest", "plaintext"}, surface("host temp-disk media", row.cell(Column.TEMP_DISK))));
      out.append("<p class=\"note\">Crypto done by: ").append(escape(payers(row.cell(Column.NO_VM_CPU)))).append("</p></figure>\n");
    }
    out.append("</div></section>\n");
  }

  private static String[] surface(String name, Cell cell) {
    Object hits = cell.evidence().get("hits");
    String seen = cell.isTrue() ? "ciphertext" : hits instanceof Number n && n.longValue() > 0 ? "plaintext" : "not observed";
    return new String[] {name, seen};
  }

  private static void hops(StringBuilder out, String disks, List<String[]> hops) {
    out.append("<p class=\"hops-label\">").append(escape(disks)).append("</p><ol class=\"hops\" aria-label=\"").append(escape(disks)).append("\">");
    for (String[] hop : hops) {
      String kind = switch (hop[1]) {
        case "ciphertext" -> "cipher";
        case "plaintext" -> "plain";
        default -> "unseen";
      };
      out.append("<li class=\"hop ").append(kind).append("\">").append(escape(hop[0])).append("<br><small>").append(hop[1]).append("</small></li>");
    }
    out.append("</ol>\n");
  }

  private static String payers(Cell cpu) {
    String[][] accounts = {{"vmCpu", "the VM's vCPU"}, {"host", "the host"}, {"storageCluster", "the storage cluster"}};
    StringBuilder s = new StringBuilder();
    for (String[] account : accounts) {
      if (cpu.evidence().get(account[0]) instanceof Map<?, ?> figures && figures.get("bytes") instanceof Number bytes && bytes.longValue() > 0) {
        s.append(s.length() == 0 ? "" : ", ").append(account[1]);
      }
    }
    return s.length() == 0 ? "nobody (nothing is encrypted)" : s.toString();
  }

  private static void predict(StringBuilder out, ComparisonTable table) {
    out.append("<section id=\"predict\" aria-labelledby=\"predict-h\"><h2 id=\"predict-h\">2. Predict the table</h2>\n")
        .append("<p>Write down your prediction for each cell, then reveal it. Each revealed cell shows its evidence below the table. ")
        .append("Columns: ");
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      out.append("[").append(i + 1).append("] ").append(escape(columns.get(i).heading())).append(i + 1 < columns.size() ? "; " : ".");
    }
    out.append("</p>\n<p><button type=\"button\" id=\"reveal-next\">Reveal the next cell</button> ")
        .append("<button type=\"button\" id=\"reveal-all\">Reveal all</button> <button type=\"button\" id=\"hide-all\">Hide all</button> ")
        .append("<span id=\"revealed-count\" aria-live=\"polite\"></span></p>\n")
        .append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"predict-caption\" tabindex=\"0\"><table class=\"predict\">")
        .append("<caption id=\"predict-caption\">The comparison to predict: options (rows) against observations (columns)</caption>\n")
        .append("<thead><tr><th scope=\"col\">Option</th>");
    for (int i = 0; i < columns.size(); i++) {
      out.append("<th scope=\"col\"><span aria-hidden=\"true\">[").append(i + 1).append("]</span><span class=\"sr\">")
          .append(escape(columns.get(i).heading())).append("</span></th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (Row row : table.rows()) {
      out.append("<tr><th scope=\"row\">").append(escape(row.label())).append("</th>");
      for (Column column : columns) {
        Cell cell = row.cell(column);
        String id = row.option() + "-" + column.id();
        String name = column.heading() + ", " + row.label();
        out.append("<td><button type=\"button\" class=\"reveal\" id=\"cell-").append(id).append("\" data-name=\"").append(escape(name))
            .append("\" aria-label=\"Reveal: ").append(escape(name)).append("\">?</button>")
            .append("<template>").append(HtmlReport.markHtml(column, cell)).append("</template>")
            .append("<span class=\"sr answer-words\" hidden>").append(escape(HtmlReport.words(column, cell))).append("</span>")
            .append("<span class=\"why\" hidden>").append(escape(EvidenceText.of(column, cell))).append("</span></td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody></table></div>\n<div class=\"panel\" id=\"evidence\" aria-live=\"polite\"><h3 id=\"evidence-title\">Evidence</h3>")
        .append("<p id=\"evidence-text\">Reveal a cell to read what was done and observed.</p></div>\n</section>\n");
  }

  private static void attacks(StringBuilder out, ComparisonTable table, Map<String, List<AttackResult>> attacks) {
    out.append("<section id=\"attacks\" aria-labelledby=\"attacks-h\"><h2 id=\"attacks-h\">3. Be the attacker</h2>\n")
        .append("<p>Readers look for the guest's plaintext on what they can reach. Tamperers change stored sectors while the VM is ")
        .append("deallocated; then the guest reads. Open an option to see what each attacker achieved.</p>\n");
    for (Row row : table.rows()) {
      List<AttackResult> results = attacks.get(row.option());
      if (results == null) {
        continue;
      }
      long sawPlaintext = results.stream().filter(r -> r.sawPlaintext().orElse(false)).count();
      long readers = results.stream().filter(r -> r.sawPlaintext().isPresent()).count();
      out.append("<details class=\"attack\"><summary>").append(escape(row.label())).append(": ").append(sawPlaintext).append(" of ")
          .append(readers).append(" readers saw plaintext</summary>\n<table><caption>Attackers against ").append(escape(row.label()))
          .append("</caption><thead><tr><th scope=\"col\">Attacker</th><th scope=\"col\">Result</th><th scope=\"col\">What was done and observed</th></tr></thead><tbody>\n");
      for (AttackResult r : results) {
        String result = r.sawPlaintext().map(saw -> saw ? "saw plaintext" : "saw only ciphertext")
            .orElseGet(() -> "guest read: " + r.guestRead().orElseThrow().id());
        boolean bad = r.sawPlaintext().orElse(false);
        out.append("<tr><th scope=\"row\">").append(r.attacker().id()).append("</th><td class=\"").append(bad ? "no" : "")
            .append("\">").append(escape(result)).append("</td><td>").append(escape(r.detail())).append("</td></tr>\n");
      }
      out.append("</tbody></table></details>\n");
    }
    out.append("</section>\n");
  }

  private static void timelines(StringBuilder out, List<ScenarioReport> timelines) {
    out.append("<section id=\"timelines\" aria-labelledby=\"timelines-h\"><h2 id=\"timelines-h\">4. The customer-key timelines</h2>\n")
        .append("<p>Played on a simulated region in simulated time (UTC). A customer key revoked and restored; a customer key rotated.</p>\n");
    for (ScenarioReport report : timelines) {
      out.append("<h3>").append(escape(report.name())).append("</h3>\n<ol class=\"timeline\">\n");
      for (ScenarioStep step : report.steps()) {
        out.append("<li><time datetime=\"").append(step.at()).append("\">").append(step.at().toString().substring(11, 16))
            .append("</time> <strong>").append(escape(step.action())).append("</strong>: <span class=\"").append(step.ok() ? "yes" : "no")
            .append("\">").append(escape(step.outcome())).append("</span><br><span class=\"note\">").append(escape(step.detail()))
            .append("</span></li>\n");
      }
      out.append("</ol>\n");
      report.dataSectorsReencrypted().ifPresent(n -> out.append("<p>Data sectors re-encrypted: ").append(n).append("</p>\n"));
    }
    out.append("</section>\n");
  }

  private static void glossary(StringBuilder out) {
    out.append("<section id=\"glossary\" aria-labelledby=\"glossary-h\"><h2 id=\"glossary-h\">5. Glossary</h2>\n<dl>\n");
    for (String[] entry : GLOSSARY) {
      out.append("<dt>").append(escape(entry[0])).append("</dt><dd>").append(escape(entry[1])).append("</dd>\n");
    }
    out.append("</dl></section>\n");
  }

  private static final String STYLE = ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
      + ".toc{display:flex;flex-wrap:wrap;gap:.5em 1.2em;padding:0;list-style:none}"
      + ".paths{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr));gap:1em}"
      + ".path{margin:0;border:1px solid #bbb;border-radius:.4em;padding:.6em}figcaption{font-weight:bold}"
      + ".hops{display:flex;flex-wrap:wrap;gap:.4em;padding:0;margin:.5em 0;list-style:none}"
      + ".hop{display:inline-block;padding:.2em .5em;border-radius:.3em;border:2px solid}"
      + ".hops .hop+.hop::before{content:\"\\2192  \";color:#444}"
      + ".cipher{background:#e3f4e6;border-color:#1e7e34}.plain{background:#fbe5e2;border-color:#b03a2e;border-style:dashed}"
      + ".unseen{background:#f2f2f2;border-color:#888;border-style:dotted}"
      + "table.predict td{text-align:center}table.predict thead th{min-width:2.5em}"
      + "details.attack td{overflow-wrap:anywhere}details.attack thead th{min-width:0}details.attack th[scope=row]{min-width:6em}"
      + "td button.reveal{background:#fff;border:1px solid #888;border-radius:.3em}"
      + "td button.revealed{background:#f4f8fb}details.attack{margin:.6em 0}summary{cursor:pointer;min-height:2.75rem;padding:.5em 0}"
      + ".hops-label{margin:.6em 0 0;font-size:.85em;color:#444}.timeline li{margin:.4em 0}dt{font-weight:bold;margin-top:.6em}";

  /** Reveal one cell (click, tap, Enter or Space on it), the next, all, or none; show the evidence of the last one touched. */
  private static final String SCRIPT = "var cells=Array.prototype.slice.call(document.querySelectorAll('button.reveal'));"
      + "function show(b){var td=b.parentNode;document.getElementById('evidence-title').textContent=b.dataset.name;"
      + "document.getElementById('evidence-text').textContent=td.querySelector('.why').textContent;}"
      + "function reveal(b){var td=b.parentNode;if(!b.classList.contains('revealed')){b.innerHTML=td.querySelector('template').innerHTML;"
      + "b.classList.add('revealed');b.setAttribute('aria-label',b.dataset.name+': '+td.querySelector('.answer-words').textContent+'. Show evidence');}"
      + "show(b);count();}"
      + "function hide(b){b.textContent='?';b.classList.remove('revealed');b.setAttribute('aria-label','Reveal: '+b.dataset.name);}"
      + "function count(){var n=cells.filter(function(b){return b.classList.contains('revealed')}).length;"
      + "document.getElementById('revealed-count').textContent=n+' of '+cells.length+' revealed';}"
      + "cells.forEach(function(b){b.addEventListener('click',function(){reveal(b)});"
      + "b.addEventListener('focus',function(){if(b.classList.contains('revealed'))show(b)});});"
      + "document.getElementById('reveal-next').addEventListener('click',function(){var b=cells.filter(function(c){"
      + "return !c.classList.contains('revealed')})[0];if(b){reveal(b);}});"
      + "document.getElementById('reveal-all').addEventListener('click',function(){cells.forEach(reveal);});"
      + "document.getElementById('hide-all').addEventListener('click',function(){cells.forEach(hide);count();"
      + "document.getElementById('evidence-text').textContent='Reveal a cell to read what was done and observed.';});count();";
}
