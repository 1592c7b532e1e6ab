package io.diskcrypt.testing.examples;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatAudit;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatLedger;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatSurfacesOf;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatVm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.testing.CustomerKey;
import io.diskcrypt.testing.DiskcryptTest;
import io.diskcrypt.testing.SimulatedRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@DiskcryptTest
class CustomerKeyRevocationTest {
  static final byte[] ORDER = "order 1001: 3 x widget".getBytes(StandardCharsets.US_ASCII);

  @Test
  void customerKeyOnOneDataDisk_revoked_vmStopsAfterTheGracePeriod(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("orders-key");
    VirtualMachine vm = region.vm("app-vm").dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    region.useCustomerKey(vm.disk("data0"), key);
    vm.start();
    byte[] sector = Arrays.copyOf(ORDER, 512);
    vm.disk("data0").write(0, sector);
    vm.disk("data0").flush();

    assertThatSurfacesOf(vm.disk("data0")).withRoles(SurfaceRole.STORAGE_MEDIA).containNo(ORDER);
    assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.STORAGE_CLUSTER);
    assertThatAudit(region.vaults()).hasSucceeded("KeyUnwrap", key.identity());

    key.disable();
    region.advance(Duration.ofMinutes(59));
    assertThatVm(vm).isRunning();
    region.advance(Duration.ofMinutes(1));
    assertThatVm(vm).isStopped().hasStopReasonContaining("orders-key");

    key.enable();
    vm.start();
    byte[] back = new byte[512];
    vm.disk("data0").read(0, back);
    assertThat(back).isEqualTo(sector);
  }

  @Test
  void vaultOutageShorterThanTheGracePeriod_runningVmKeepsRunning_aStartFails(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("orders-key");
    VirtualMachine vm = region.vm("app-vm").dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    VirtualMachine batch = region.vm("batch-vm").dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    region.useCustomerKey(vm.disk("data0"), key);
    region.useCustomerKey(batch.disk("data0"), key);
    vm.start();

    region.faults().vaultOutage(Duration.ofMinutes(30));
    assertThatThrownBy(batch::start).hasMessageContaining("orders-key").hasMessageContaining("cannot be reached");
    region.advance(Duration.ofMinutes(45));
    assertThatVm(vm).isRunning();
    batch.start();
    assertThatVm(batch).isRunning();
  }
}
