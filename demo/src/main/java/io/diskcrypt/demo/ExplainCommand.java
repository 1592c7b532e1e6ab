package io.diskcrypt.demo;

import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.lab.StepThrough;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt explain OPTION}: one write, hop by hop, key by key. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Step through one write: the guest writes a sector and each hop of its data path shows",
      "the bytes there (hexdump), in path order; where they are encrypted, the key (by name)",
      "and who pays. OPTION is one of: sse-pmk, sse-cmk, ade, host, double, host-pmk, cde, none."
    })
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OPTION", description = "the option's id")
  String option;

  @Option(names = "--disk", description = "os, data0 or temp (default: data0; os for cde, which covers the OS disk only)")
  String disk;

  @Option(names = "--text", description = "what the guest writes (at most one sector; default: a diary line)")
  String text = StepThrough.DEFAULT_TEXT;

  @Mixin Seeded seeded;

  @Override
  public Integer call() {
    String chosen = disk != null ? disk : option.equals("cde") ? "os" : "data0";
    System.out.print(seeded.run(() -> StepThrough.explain(StandardOptions.byId(option), chosen, text)));
    System.out.flush();
    return 0;
  }
}
