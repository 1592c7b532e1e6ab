package io.diskcrypt.lab;

import io.diskcrypt.compare.Edition;
import io.diskcrypt.compare.OptionAudit;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.Row;
import io.diskcrypt.compare.StandardOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit row and the attack results of each option, computed once per test JVM: both are
 * experiments on a simulated VM that take seconds, and several test classes compare them.
 */
final class Observed {
  private static final Map<String, Row> ROWS = new ConcurrentHashMap<>();
  private static final Map<String, List<AttackResult>> ATTACKS = new ConcurrentHashMap<>();

  private Observed() {}

  static Row audit(String option) {
    return ROWS.computeIfAbsent(option, id -> new OptionAudit(Edition.E2022).audit(StandardOptions.byId(id)));
  }

  static List<AttackResult> attacks(String option) {
    return ATTACKS.computeIfAbsent(option, id -> Attacks.run(StandardOptions.byId(id)));
  }

  static List<String> options() {
    return StandardOptions.withBaseline().stream().map(OptionSetup::id).toList();
  }
}
