package io.diskcrypt.bench;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the CPU ledger adds to each I/O of an encrypting layer: two {@code System.nanoTime()} reads and
 * one charge (two uncontended {@code LongAdder} adds). Score: ns per I/O; compare with the XTS time
 * of one sector in {@link XtsEngineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LedgerBenchmark {
  private final CpuAccount account = new CpuLedger().account("bench", AccountKind.VM_VCPU);

  /** The ledger's work around one I/O, as EncryptionLayer does it. */
  @Benchmark
  public void timeAndCharge() {
    long start = System.nanoTime();
    account.charge(System.nanoTime() - start, 4096);
  }
}
