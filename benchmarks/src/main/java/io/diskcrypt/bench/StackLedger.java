package io.diskcrypt.bench;

import io.diskcrypt.compare.StackWorkload;
import io.diskcrypt.core.cpu.AccountKind;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU ledger's totals for {@link OptionStackBenchmark}, which JMH reports beside the score as
 * secondary results, summed over the measured iterations: crypto nanoseconds per component and the
 * guest bytes moved. A component's ns per guest byte is its {@code ...CryptoNs} divided by {@code
 * guestBytes} (JMH sums event counters, so it cannot report the ratio itself). Refreshed every
 * {@link #REFRESH_EVERY} I/Os from one snapshot, so reading the ledger costs nothing measurable and
 * numerators and denominator always match.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class StackLedger {
  static final int REFRESH_EVERY = 256;

  /** Crypto ns on the VM's vCPU account. */
  public long vmCryptoNs;
  /** Crypto ns on the host's account. */
  public long hostCryptoNs;
  /** Crypto ns on the storage cluster's account. */
  public long storageCryptoNs;
  /** Guest bytes written or read. */
  public long guestBytes;

  private int ios;

  /** Starts each iteration at zero, as the workload's ledger does. */
  @Setup(Level.Iteration)
  public void clear() {
    vmCryptoNs = 0;
    hostCryptoNs = 0;
    storageCryptoNs = 0;
    guestBytes = 0;
    ios = 0;
  }

  void afterIo(StackWorkload workload) {
    if (++ios % REFRESH_EVERY == 0) {
      guestBytes = workload.guestBytes();
      vmCryptoNs = workload.cryptoNanos(AccountKind.VM_VCPU);
      hostCryptoNs = workload.cryptoNanos(AccountKind.HOST);
      storageCryptoNs = workload.cryptoNanos(AccountKind.STORAGE_CLUSTER);
    }
  }
}
