package io.diskcrypt.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;

/**
 * Derives the comparison table by auditing each option: nothing in the table is written down, every
 * cell is observed.
 */
public final class Comparison {
  private Comparison() {}

  /** Audits {@code options} in order and returns the table; {@code progress} hears each option's id first. */
  public static ComparisonTable derive(Edition edition, List<OptionSetup> options, Consumer<String> progress) {
    warmUp();
    OptionAudit audit = new OptionAudit(edition);
    List<Row> rows = new ArrayList<>();
    for (OptionSetup option : options) {
      progress.accept(option.id());
      rows.add(audit.audit(option));
    }
    return new ComparisonTable(edition, Arrays.asList(Column.values()), rows);
  }

  /**
   * Runs the sector cipher until the JIT has compiled it, so that the first row's CPU figures measure
   * crypto, not the compiler.
   */
  private static void warmUp() {
    byte[] buffer = new byte[64 * 1024];
    try (SecretKeyMaterial key = SecretKeyMaterial.random(64);
        SectorCipher cipher = XtsEngines.defaultEngine().newCipher(XtsParameters.AES_256_XTS_512, key)) {
      for (int i = 0; i < 400; i++) {
        cipher.encrypt(i, buffer, 0, buffer.length);
        cipher.decrypt(i, buffer, 0, buffer.length);
      }
    }
  }
}
