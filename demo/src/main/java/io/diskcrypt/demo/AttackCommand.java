package io.diskcrypt.demo;

import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.lab.AttackResult;
import io.diskcrypt.lab.Attacks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code diskcrypt attack OPTION [--json] [--seed N]}: be the attacker. */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description = {
      "Be the attacker: each attacker in turn against the option's standard VM.",
      "Readers steal the storage media, read the host cache and temp-disk media, sniff the link;",
      "tamperers flip a bit, swap two sectors, put back an old sector, and the guest reads;",
      "with a customer key, the thief also holds the revoked key. Everything is observed.",
      "OPTION is one of: sse-pmk, sse-cmk, ade, host, double, host-pmk, none."
    })
final class AttackCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OPTION", description = "the option's id")
  String option;

  @Mixin NarrationOptions narration;

  @Override
  public Integer call() throws Exception {
    OptionSetup setup = StandardOptions.byId(option);
    List<AttackResult> results = narration.run(() -> Attacks.run(setup));
    System.out.print(narration.json ? json(setup, results) : text(setup, results));
    System.out.flush();
    return 0;
  }

  static String text(OptionSetup setup, List<AttackResult> results) {
    StringBuilder out = new StringBuilder("Attacks on " + setup.label() + " (" + setup.id() + ")\n");
    for (AttackResult r : results) {
      String outcome = r.sawPlaintext().map(saw -> saw ? "SAW PLAINTEXT" : "saw ciphertext only")
          .orElseGet(() -> "guest read: " + r.guestRead().orElseThrow().id());
      out.append(String.format("%n%-25s %s%n  %s: %s%n", r.attacker().id(), outcome, r.attacker().action(), r.detail()));
    }
    return out.toString();
  }

  static String json(OptionSetup setup, List<AttackResult> results) throws Exception {
    List<Map<String, Object>> attacks = new ArrayList<>();
    for (AttackResult r : results) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("attacker", r.attacker().id());
      r.sawPlaintext().ifPresent(saw -> item.put("sawPlaintext", saw));
      r.guestRead().ifPresent(read -> item.put("guestRead", read.id()));
      item.put("detail", r.detail());
      attacks.add(item);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("option", setup.id());
    root.put("attacks", attacks);
    return NarrationOptions.json(root);
  }
}
