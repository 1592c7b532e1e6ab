package io.diskcrypt.demo;

import io.diskcrypt.compare.Explainer;
import io.diskcrypt.compare.StandardOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt explain OPTION}: one option, sector by sector, key by key. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Walk through one option: data path, hexdumps per surface, keys, CPU.",
      "A sector written through the guest and what it looks like on each surface (hexdump),",
      "who holds which key, and who paid the CPU.",
      "OPTION is one of: sse-pmk, sse-cmk, ade, host, double, host-pmk, none."
    })
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OPTION", description = "the option's id")
  String option;

  @Override
  public Integer call() {
    System.out.print(Explainer.explain(StandardOptions.byId(option)));
    System.out.flush();
    return 0;
  }
}
