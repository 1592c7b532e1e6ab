package io.diskcrypt.demo;

import io.diskcrypt.compare.Comparison;
import io.diskcrypt.compare.ComparisonTable;
import io.diskcrypt.compare.Edition;
import io.diskcrypt.compare.HtmlReport;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.compare.TableRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diskcrypt compare}: derives the comparison table from audits of the simulated options. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Derive the comparison table of the encryption options from audits of simulated VMs.",
      "Known plaintext is written through each VM and looked for on every surface, keys are",
      "revoked and restored, the CPU ledger is read. Nothing in the table is written down."
    })
final class CompareCommand implements Callable<Integer> {
  @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or html (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--edition", defaultValue = "2022", description = "which table: 2022 (the mission's) or current (today's page: confidential disk encryption, HSM support, enhanced key protection, Defender's four recommendations) (default ${DEFAULT-VALUE})")
  String edition;

  @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
  Path output;

  @Override
  public Integer call() throws IOException {
    Edition chosen = Edition.of(edition);
    String renderer = format.toLowerCase(java.util.Locale.ROOT);
    if (!java.util.List.of("text", "markdown", "json", "html").contains(renderer)) {
      throw new IllegalArgumentException("unknown --format '" + format + "': allowed are text, markdown, json and html");
    }
    if (output == null) {
      print(chosen, renderer, null);
      return 0;
    }
    StagedFile.checkTargets(true, java.util.Map.of("--output", output), java.util.Map.of());
    try (StagedFile file = StagedFile.create(output)) { // made before the work: a bad path fails at once
      print(chosen, renderer, file);
      file.commit();
    }
    System.err.println("wrote " + output);
    return 0;
  }

  private void print(Edition chosen, String renderer, StagedFile file) throws IOException {
    ComparisonTable table = derive(chosen, "");
    String rendered = switch (renderer) {
      case "markdown" -> TableRenderer.markdown(table);
      case "json" -> TableRenderer.json(table);
      // The report shows both editions, the 2022 one first: the other edition is derived too.
      case "html" -> HtmlReport.render(chosen == Edition.E2022
          ? java.util.List.of(table, derive(Edition.CURRENT, " (edition current)")) : java.util.List.of(derive(Edition.E2022, " (edition 2022)"), table));
      default -> TableRenderer.text(table);
    };
    if (file == null) {
      System.out.print(rendered);
      System.out.flush();
    } else {
      file.write(rendered.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static ComparisonTable derive(Edition edition, String note) {
    return Comparison.derive(edition, StandardOptions.forEdition(edition), id -> System.err.println("auditing " + id + note + " ..."));
  }
}
