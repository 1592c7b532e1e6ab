package io.diskcrypt.bench;

import io.diskcrypt.compare.StackWorkload;
import io.diskcrypt.compare.StandardOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 64 KiB guest write, or read, through each option's whole stack, on the standard VM of the
 * comparison (data disk with ReadOnly caching), and what it cost each component: the CPU ledger's
 * crypto nanoseconds per guest byte on the VM's vCPU, the host and the storage cluster, reported next
 * to the score as secondary results (see {@link StackLedger}: divide {@code vmCryptoNs}, {@code
 * hostCryptoNs} and {@code storageCryptoNs} by {@code guestBytes}). Reads cycle over data written
 * before the trial, which the ReadOnly host cache serves, as Azure's does.
 * Score: I/Os per second; MB/s is score x 65536 / 10^6. {@code none} is the simulation without any
 * encryption: the cost of the simulation itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OptionStackBenchmark {
  /** The option's id, as in {@code diskcrypt compare}. */
  @Param({"none", "sse-pmk", "sse-cmk", "double", "ade", "host", "host-pmk"})
  public String option;

  private StackWorkload workload;

  /** Deploys the option on a fresh simulated region and writes the span that reads cycle over. */
  @Setup(Level.Trial)
  public void deploy() {
    workload = StackWorkload.deploy(StandardOptions.byId(option));
    workload.fill();
  }

  /** Zeroes the ledger before each iteration. */
  @Setup(Level.Iteration)
  public void resetLedger() {
    workload.reset();
  }

  /** One 64 KiB write through the guest volume of the data disk. */
  @Benchmark
  public void write64k(StackLedger ledger) {
    workload.writeOnce();
    ledger.afterIo(workload);
  }

  /** One 64 KiB read through the guest volume of the data disk. */
  @Benchmark
  public void read64k(StackLedger ledger) {
    workload.readOnce();
    ledger.afterIo(workload);
  }
}
