package io.diskcrypt.demo;

import io.diskcrypt.lab.LabPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code diskcrypt lab -o lab.html}: the page for a class. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = {
      "Write the lab page: one self-contained HTML file that works offline (a USB stick will do).",
      "Data paths coloured from the audit, a predict-the-table mode, the attackers' results,",
      "the customer-key timelines and a glossary; the worksheet is docs/lab.md."
    })
final class LabCommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, defaultValue = "lab.html", description = "the file to write (default ${DEFAULT-VALUE})")
  Path output;

  @Mixin Seeded seeded;

  @Override
  public Integer call() throws IOException {
    String page = seeded.run(() -> LabPage.build(step -> System.err.println(step + " ...")));
    Files.writeString(output, page, StandardCharsets.UTF_8);
    System.err.println("wrote " + output);
    return 0;
  }
}
