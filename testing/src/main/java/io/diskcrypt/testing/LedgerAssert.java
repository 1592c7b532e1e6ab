package io.diskcrypt.testing;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuLedger;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link CpuLedger}: which kind of component paid for the crypto work. */
public final class LedgerAssert extends AbstractAssert<LedgerAssert, CpuLedger> {
  LedgerAssert(CpuLedger actual) {
    super(actual, LedgerAssert.class);
  }

  /**
   * Crypto work was charged, all of it to components of {@code kind} (such as the storage cluster
   * under server-side encryption, the VM's vCPUs under ADE). A ledger with nothing charged fails.
   */
  public LedgerAssert chargedOnlyTo(AccountKind kind) {
    isNotNull();
    if (actual.total(kind).cryptoBytes() == 0) {
      failWithMessage("expected crypto charged to %s but it was charged nothing (was anything written or read?)",
          kind);
    }
    List<String> others = new ArrayList<>();
    for (AccountKind other : AccountKind.values()) {
      long bytes = actual.total(other).cryptoBytes();
      if (other != kind && bytes != 0) {
        others.add(other + ": " + bytes + " bytes");
      }
    }
    if (!others.isEmpty()) {
      failWithMessage("expected crypto charged to %s only but also to %s", kind, others);
    }
    return this;
  }

  /** Nothing was charged to components of {@code kind}. */
  public LedgerAssert chargedNothingTo(AccountKind kind) {
    isNotNull();
    long bytes = actual.total(kind).cryptoBytes();
    if (bytes != 0) {
      failWithMessage("expected no crypto charged to %s but %d bytes were", kind, bytes);
    }
    return this;
  }
}
