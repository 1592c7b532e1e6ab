package io.diskcrypt.bench;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.testing.CustomerKey;
import io.diskcrypt.testing.SimulatedRegion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one revocation test costs with the test kit (issue 15's target: under 50 ms after warm-up): a
 * fresh region, a customer key (seeded, so after the first run its RSA pair is reused), a VM whose two
 * disks (OS and one data disk) use it, 1 MiB written, the key disabled, an hour of simulated time, the
 * VM stopped by the platform.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class RevocationScenarioBenchmark {
  private final byte[] mebibyte = new byte[1 << 20];

  @Benchmark
  public VmState wholeRevocationScenario() throws Exception {
    SimulatedRegion region = SimulatedRegion.create();
    CustomerKey key = region.customerKey("bench-key");
    VirtualMachine vm = region.vm("bench-vm").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
    region.useCustomerKey(vm.osDisk(), key);
    region.useCustomerKey(vm.disk("data0"), key);
    vm.start();
    vm.disk("data0").write(0, mebibyte);
    key.disable();
    region.advance(Duration.ofHours(1));
    if (vm.state() != VmState.STOPPED) {
      throw new IllegalStateException("the revoked key did not stop the VM: " + vm.state());
    }
    return vm.state();
  }
}
