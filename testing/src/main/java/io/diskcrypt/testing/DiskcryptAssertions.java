package io.diskcrypt.testing;

import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.KeyVaultService;

/**
 * AssertJ entry points for what a disk-encryption test checks. Each assertion refuses to pass
 * vacuously: a surface that was never written, a ledger with no crypto charged or an empty audit log
 * fails the assertion rather than proving it.
 *
 * <pre>{@code
 * import static io.diskcrypt.testing.DiskcryptAssertions.*;
 *
 * assertThatSurfacesOf(vm.disk("data0")).containNo(secret);
 * assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.STORAGE_CLUSTER);
 * assertThatAudit(region.vaults()).hasSucceeded("KeyUnwrap", key.identity());
 * assertThatVm(vm).isStopped().hasStopReasonContaining(key.name());
 * }</pre>
 */
public final class DiskcryptAssertions {
  private DiskcryptAssertions() {}

  /** Assertions on a VM's state and last stop reason. */
  public static VmAssert assertThatVm(VirtualMachine vm) {
    return new VmAssert(vm);
  }

  /** Assertions on the surfaces of every disk of {@code vm}. */
  public static SurfacesAssert assertThatSurfacesOf(VirtualMachine vm) {
    return new SurfacesAssert(vm.name(), vm.surfaces());
  }

  /** Assertions on the surfaces of one disk: its media, its cache on the host, the link it uses. */
  public static SurfacesAssert assertThatSurfacesOf(VirtualDisk disk) {
    VirtualMachine vm = disk.vm();
    return new SurfacesAssert(vm.name() + "/" + disk.name(),
        vm.surfaces().stream().filter(s -> s.disk().equals(disk.name())).toList());
  }

  /** Assertions on who was charged for crypto work. */
  public static LedgerAssert assertThatLedger(CpuLedger ledger) {
    return new LedgerAssert(ledger);
  }

  /** Assertions on the audit log of every vault of a Key Vault service. */
  public static AuditAssert assertThatAudit(KeyVaultService vaults) {
    return new AuditAssert(vaults.auditLog());
  }
}
