package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.testing.StopUnderLoad;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stop, a deallocation or a platform stop under concurrent writes loses no acknowledged write, for
 * every cache policy, with no layer, a storage layer or a host layer above the cache; I/O refused
 * during the stop names the VM's state, never "RUNNING". Seeded and bounded: a few rounds of a few
 * hundred writes each.
 */
@Tag("reliability")
class StopLosesNoWriteTest {
  private static final int ROUNDS = 6;
  private static final int SECTORS = 96;

  @ParameterizedTest(name = "cache {0}, layer at {1}")
  @MethodSource("io.diskcrypt.core.topology.CacheLayerMatrix#cases")
  void stopUnderConcurrentWrites_losesNoAcknowledgedWrite(CachePolicy cache, Placement layer) throws Exception {
    long seed = CacheLayerMatrix.seed(cache, layer);
    Cloud cloud = CacheLayerMatrix.cloud(layer);
    VirtualMachine vm = cloud.vm("vm1").osDisk(Sectors.gib(1), cache).dataDisk(Sectors.gib(1), cache).build();
    StopUnderLoad load = new StopUnderLoad(List.of(
        new StopUnderLoad.Target("os", vm::osDisk, 0, SECTORS),
        new StopUnderLoad.Target("data0", () -> vm.disk("data0"), 1000, SECTORS)), 3, seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < ROUNDS; round++) {
      vm.start();
      int kind = round % 3;
      List<String> refusals = load.runAndStop(50 + random.nextInt(400), () -> {
        switch (kind) {
          case 0 -> vm.stop();
          case 1 -> vm.deallocate();
          default -> vm.stop("the platform stopped the VM: test key revoked");
        }
      });
      assertThat(refusals).as("seed %d round %d: every writer met the stop", seed, round).hasSize(6)
          .allSatisfy(m -> assertThat(m).contains("DeviceUnavailableException").doesNotContain("VM is RUNNING"));
      vm.start();
      assertThat(load.lostWrites()).as("seed %d round %d after %d writes", seed, round, load.writesAcknowledged())
          .isEmpty();
      vm.deallocate();
    }
  }
}
