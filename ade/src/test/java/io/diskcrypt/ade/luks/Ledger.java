package io.diskcrypt.ade.luks;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;

/** A vCPU account for tests. */
final class Ledger {
  static final CpuAccount VCPU = new CpuLedger().account("test vCPU", AccountKind.VM_VCPU);

  private Ledger() {}
}
