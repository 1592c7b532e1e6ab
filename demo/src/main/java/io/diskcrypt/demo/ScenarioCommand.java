package io.diskcrypt.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diskcrypt.sse.CmkScenarios;
import io.diskcrypt.sse.ScenarioReport;
import io.diskcrypt.sse.ScenarioStep;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt scenario cmk-revocation|cmk-rotation [--json]}: narrates a customer-key timeline. */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Narrate a customer-managed key scenario step by step (simulated time).",
      "Plays it on a simulated region:",
      "cmk-revocation (key disabled, grace period, VM stopped, start refused, key restored) or",
      "cmk-rotation (new key version, data keys re-wrapped within the hour, no sector re-encrypted).",
      "--seed N repeats the same keys, key ids and timeline."
    })
final class ScenarioCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "cmk-revocation or cmk-rotation")
  String name;

  @Option(names = "--json", description = "print a JSON object with a steps array instead of text")
  boolean json;

  @Mixin Seeded seeded;

  @Override
  public Integer call() throws Exception {
    if (!CmkScenarios.NAMES.contains(name)) {
      throw new IllegalArgumentException("no scenario '" + name + "': choose one of " + CmkScenarios.NAMES);
    }
    ScenarioReport report = seeded.run(() -> CmkScenarios.run(name));
    if (json) {
      printJson(report, System.out);
    } else {
      printText(report, System.out);
    }
    return 0;
  }

  private static void printText(ScenarioReport report, PrintStream out) {
    out.println("scenario " + report.name() + " (simulated time, UTC)");
    for (ScenarioStep step : report.steps()) {
      out.printf("%-22s %-28s %s%n", step.at(), step.outcome(), step.action());
      out.printf("%-22s %-28s   %s%n", "", "", step.detail());
    }
    report.dataSectorsReencrypted().ifPresent(n -> out.println("data sectors re-encrypted: " + n));
  }

  private static void printJson(ScenarioReport report, PrintStream out) throws Exception {
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
    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
  }
}
