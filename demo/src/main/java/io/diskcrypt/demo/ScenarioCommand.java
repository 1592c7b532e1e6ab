package io.diskcrypt.demo;

import io.diskcrypt.sse.CmkScenarios;
import io.diskcrypt.sse.ScenarioReport;
import io.diskcrypt.sse.ScenarioStep;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt scenario cmk-revocation|cmk-rotation|ade-to-host [--json]}: narrates a timeline. */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Narrate a scenario step by step (simulated time), played on a simulated region:",
      "cmk-revocation (key disabled, grace period, VM stopped, start refused, key restored),",
      "cmk-rotation (new key version, data keys re-wrapped within the hour, no sector re-encrypted) or",
      "ade-to-host (ADE retired: restart fails, ADE disabled, encryption at host refused on the marked",
      "disks, accepted for a disk created by upload on a new VM, the data bit-exact).",
      "--seed N repeats the same keys, key ids and timeline."
    })
final class ScenarioCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "cmk-revocation, cmk-rotation or ade-to-host")
  String name;

  @Mixin NarrationOptions narration;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>(CmkScenarios.NAMES);
    names.add(AdeToHost.NAME);
    if (!names.contains(name)) {
      throw new IllegalArgumentException("no scenario '" + name + "': choose one of " + names);
    }
    ScenarioReport report;
    Optional<Boolean> dataIntact = Optional.empty();
    if (name.equals(AdeToHost.NAME)) {
      AdeToHost.Result result = narration.run(AdeToHost::run);
      report = result.report();
      dataIntact = Optional.of(result.dataIntact());
    } else {
      report = narration.run(() -> CmkScenarios.run(name));
    }
    if (narration.json) {
      printJson(report, dataIntact, System.out);
    } else {
      printText(report, dataIntact, System.out);
    }
    return 0;
  }

  private static void printText(ScenarioReport report, Optional<Boolean> dataIntact, PrintStream out) {
    out.println("scenario " + report.name() + " (simulated time, UTC)");
    // the outcome column is as wide as the longest outcome, so that every action starts in one column
    int width = report.steps().stream().mapToInt(step -> step.outcome().length()).max().orElse(0);
    String line = "%-22s %-" + width + "s  %s%n";
    for (ScenarioStep step : report.steps()) {
      out.printf(line, step.at(), step.outcome(), step.action());
      out.printf(line, "", "", "  " + step.detail());
    }
    report.dataSectorsReencrypted().ifPresent(n -> out.println("data sectors re-encrypted: " + n));
    dataIntact.ifPresent(intact -> out.println("data intact (every written sector compared): " + intact));
  }

  private static void printJson(ScenarioReport report, Optional<Boolean> dataIntact, PrintStream out)
      throws Exception {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (ScenarioStep step : report.steps()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("at", step.at().toString());
      item.put("action", step.action());
      item.put("outcome", step.outcome());
      item.put("detail", step.detail());
      steps.add(item);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", report.name());
    root.put("steps", steps);
    report.dataSectorsReencrypted().ifPresent(n -> root.put("dataSectorsReencrypted", n));
    dataIntact.ifPresent(intact -> root.put("dataIntact", intact));
    out.print(NarrationOptions.json(root));
  }
}
