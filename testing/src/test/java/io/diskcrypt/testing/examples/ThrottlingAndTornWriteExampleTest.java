package io.diskcrypt.testing.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.testing.DiskcryptTest;
import io.diskcrypt.testing.SimulatedRegion;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 15's scenario 5: a throttled vault delays a start by its Retry-After; a torn write keeps each sector whole. */
@DiskcryptTest
class ThrottlingAndTornWriteExampleTest {
  @Test
  void throttledVault_startWaitsForRetryAfter_tornWriteLeavesWholeSectors(SimulatedRegion region) throws Exception {
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(8), CachePolicy.NONE).build();
    region.useCustomerKey(vm.disk("data0"), region.customerKey("app-key"));
    region.faults().throttleVault(Duration.ofMinutes(10));
    assertThatThrownBy(vm::start).hasMessageContaining("Throttled").hasMessageContaining("retry after 600 s");
    region.advance(Duration.ofMinutes(10));
    vm.start();

    VirtualDisk disk = vm.disk("data0");
    disk.write(0, filled(8, 'A'));
    region.faults().tearNthWrite(disk, 1, 3);
    assertThatThrownBy(() -> disk.write(0, filled(8, 'B'))).isInstanceOf(UncheckedIOException.class);

    byte[] back = new byte[8 * 512];
    disk.read(0, back);
    assertThat(Arrays.copyOfRange(back, 0, 3 * 512)).isEqualTo(filled(3, 'B'));
    assertThat(Arrays.copyOfRange(back, 3 * 512, 8 * 512)).isEqualTo(filled(5, 'A'));
  }

  private static byte[] filled(int sectors, char c) {
    byte[] b = new byte[sectors * 512];
    Arrays.fill(b, (byte) c);
    return b;
  }
}
