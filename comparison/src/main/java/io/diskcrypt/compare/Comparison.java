package io.diskcrypt.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Derives the comparison table by auditing each option: nothing in the table is written down, every
 * cell is observed.
 */
public final class Comparison {
  private Comparison() {}

  /**
   * Audits {@code options} in order and returns the table; {@code progress} hears each option's id
   * first. The options are audited twice and the first pass is thrown away: it runs every option's
   * data path until the JIT has compiled it, so that the CPU figures of the first rows measure crypto,
   * not the compiler. The cells do not depend on the pass; only the nanoseconds do.
   */
  public static ComparisonTable derive(Edition edition, List<OptionSetup> options, Consumer<String> progress) {
    OptionAudit audit = new OptionAudit(edition);
    for (OptionSetup option : options) {
      audit.audit(option);
    }
    List<Row> rows = new ArrayList<>();
    for (OptionSetup option : options) {
      progress.accept(option.id());
      rows.add(audit.audit(option));
    }
    return new ComparisonTable(edition, edition.columns(), rows);
  }
}
