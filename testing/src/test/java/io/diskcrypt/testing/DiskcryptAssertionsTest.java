package io.diskcrypt.testing;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatAudit;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatLedger;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatSurfacesOf;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatVm;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each assertion passes on what it claims, fails on its opposite, and fails when it would prove nothing. */
@DiskcryptTest
class DiskcryptAssertionsTest {
  private static final byte[] SECRET = "card 4111-1111-1111-1111".getBytes(StandardCharsets.US_ASCII);

  private static byte[] sectorWith(byte[] text) {
    byte[] sector = new byte[512];
    System.arraycopy(text, 0, sector, 40, text.length);
    return sector;
  }

  @Test
  void surfaces_customerKeyOnADataDisk_noPlaintextAtRest_theLinkCarriesIt(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("orders");
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(8), CachePolicy.NONE).build();
    region.useCustomerKey(vm.disk("data0"), key);
    vm.start();

    assertThatThrownBy(() -> assertThatSurfacesOf(vm.disk("data0")).containNo(SECRET))
        .as("nothing written yet").isInstanceOf(AssertionError.class).hasMessageContaining("never written");
    vm.disk("data0").write(3, sectorWith(SECRET));
    vm.disk("data0").flush();

    assertThatSurfacesOf(vm.disk("data0")).withRoles(SurfaceRole.STORAGE_MEDIA).containNo(SECRET);
    assertThatSurfacesOf(vm.disk("data0")).withRoles(SurfaceRole.LINK).contain(SECRET);
    assertThatThrownBy(() -> assertThatSurfacesOf(vm.disk("data0")).withRoles(SurfaceRole.STORAGE_MEDIA, SurfaceRole.LINK)
        .containNo(SECRET)).isInstanceOf(AssertionError.class).hasMessageContaining("LINK of data0");
    assertThatThrownBy(() -> assertThatSurfacesOf(vm.disk("data0")).containNo(SECRET))
        .as("no cache: its media was never written").isInstanceOf(AssertionError.class)
        .hasMessageContaining("CACHE_MEDIA of data0");
    assertThatThrownBy(() -> assertThatSurfacesOf(vm).withRoles(SurfaceRole.TEMP_MEDIA).containNo(SECRET))
        .isInstanceOf(AssertionError.class).hasMessageContaining("never written");
    assertThatThrownBy(() -> assertThatSurfacesOf(vm.disk("data0")).containNo(new byte[4]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void surfaces_encryptionAtHost_noPlaintextOnAnySurfaceOfTheDisk(SimulatedRegion region) throws Exception {
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(8), CachePolicy.READ_ONLY).build();
    region.encryptionAtHost().enable(vm);
    vm.start();
    vm.disk("data0").write(3, sectorWith(SECRET));
    vm.disk("data0").flush();

    assertThatSurfacesOf(vm.disk("data0")).containNo(SECRET);
  }

  @Test
  void ledger_sseChargesTheStorageCluster_anEmptyLedgerProvesNothing(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("orders");
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(8), CachePolicy.NONE).build();
    region.useCustomerKey(vm.disk("data0"), key);
    vm.start();

    assertThatThrownBy(() -> assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.STORAGE_CLUSTER))
        .isInstanceOf(AssertionError.class).hasMessageContaining("charged nothing");
    vm.disk("data0").write(0, new byte[4096]);

    assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.STORAGE_CLUSTER)
        .chargedNothingTo(AccountKind.VM_VCPU);
    assertThatThrownBy(() -> assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.HOST))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void audit_unwrapByTheSetsIdentity_notByAStranger(SimulatedRegion region) throws Exception {
    assertThatThrownBy(() -> assertThatAudit(region.vaults()).hasNo("KeyUnwrap", region.admin()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("empty");
    CustomerKey key = region.customerKey("orders");
    VirtualMachine vm = region.vm("vm1").build();
    region.useCustomerKey(vm.osDisk(), key);
    vm.start();

    assertThatAudit(region.vaults()).hasSucceeded("KeyUnwrap", key.identity())
        .hasNo("KeyUnwrap", Identity.managed("stranger"));
    assertThatThrownBy(() -> assertThatAudit(region.vaults()).hasSucceeded("KeyUnwrap", Identity.managed("stranger")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("KeyUnwrap");
  }

  @Test
  void vm_revokedKey_stoppedAfterTheGracePeriodNamingTheKey(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("orders");
    VirtualMachine vm = region.vm("vm1").build();
    region.useCustomerKey(vm.osDisk(), key);
    vm.start();
    key.disable();
    region.advance(Duration.ofMinutes(59));
    assertThatVm(vm).isRunning();

    region.advance(Duration.ofMinutes(1));

    assertThatVm(vm).isStopped().hasStopReasonContaining("orders");
    assertThatThrownBy(() -> assertThatVm(vm).isRunning()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("STOPPED").hasMessageContaining("orders");
    assertThatThrownBy(() -> assertThatVm(vm).hasStopReasonContaining("nothing like it"))
        .isInstanceOf(AssertionError.class);
  }
}
