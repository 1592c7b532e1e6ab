package io.diskcrypt.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.testing.Seeds;
import io.diskcrypt.core.testing.StopUnderLoad;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option, deployed as the comparison deploys it (OS disk with ReadWrite caching, data disk with
 * ReadOnly caching, the uncached temp disk), stopped, deallocated and stopped by the platform after a
 * key revocation while writers keep writing through the guest: no write that returned is lost, and
 * every refused I/O names the VM's state. Seeded and bounded.
 */
@Tag("reliability")
class StopUnderLoadTest {
  private static final int SECTORS = 60;

  static List<String> options() {
    return StandardOptions.withBaseline().stream().map(OptionSetup::id).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void stopDeallocateAndRevocation_underConcurrentWrites_loseNoAcknowledgedWrite(String id) throws Exception {
    OptionSetup option = StandardOptions.byId(id);
    long seed = Seeds.base() ^ id.hashCode();
    SplittableRandom random = new SplittableRandom(seed);
    Lab lab = Lab.create();
    VirtualMachine vm = option.deploy(lab, "vm-" + id, Image.UBUNTU_22_04);
    Optional<CustomerKey> key = option.keyHeldInGuestMemory() ? Optional.empty() : option.customerKey(lab, vm);
    for (String kind : List.of("stop", "deallocate", key.isPresent() ? "revocation" : "stop")) {
      List<StopUnderLoad.Target> targets = new ArrayList<>();
      targets.add(new StopUnderLoad.Target("os", () -> vm.osDisk().guestVolume(), 0, SECTORS));
      targets.add(new StopUnderLoad.Target("data0", () -> vm.disk("data0").guestVolume(), 0, SECTORS));
      if (!kind.equals("deallocate")) {
        // The temp disk survives a stop but not a deallocation: it is the host's, not a managed disk.
        targets.add(new StopUnderLoad.Target("temp", () -> vm.disk("temp").guestVolume(), 0, SECTORS));
      }
      StopUnderLoad load = new StopUnderLoad(targets, 2, seed ^ kind.hashCode());
      List<String> refusals = load.runAndStop(40 + random.nextInt(200), () -> {
        switch (kind) {
          case "stop" -> vm.stop();
          case "deallocate" -> vm.deallocate();
          default -> revoke(lab, key.get(), vm);
        }
      });
      assertThat(refusals).as("seed %d, %s: every writer met the stop", seed, kind).hasSize(targets.size() * 2)
          .allSatisfy(m -> assertThat(m).doesNotContain("VM is RUNNING"));
      if (kind.equals("revocation")) {
        key.get().restore();
      }
      vm.start();
      assertThat(load.lostWrites()).as("seed %d, %s, after %d writes", seed, kind, load.writesAcknowledged()).isEmpty();
    }
  }

  /** The customer revokes; the platform stops the VM after the grace period, on the clock. */
  private static void revoke(Lab lab, CustomerKey key, VirtualMachine vm) {
    try {
      key.revoke();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    lab.cloud().clock().advance(Duration.ofHours(1));
    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
  }
}
