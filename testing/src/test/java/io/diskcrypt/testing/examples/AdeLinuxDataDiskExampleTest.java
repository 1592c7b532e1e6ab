package io.diskcrypt.testing.examples;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatLedger;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatSurfacesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.AdeSettings;
import io.diskcrypt.ade.VolumeType;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.testing.DiskcryptTest;
import io.diskcrypt.testing.SimulatedRegion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 15's scenario 4: ADE on a Linux data disk; a restart unlocks it again while the secret exists. */
@DiskcryptTest
class AdeLinuxDataDiskExampleTest {
  @Test
  void dataDiskEncryptedInTheGuest_restartUnlocksIt_theVmPays(SimulatedRegion region) throws Exception {
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    vm.start();
    region.ade().enable(vm,
        AdeSettings.builder(region.vault().uri(), region.admin()).volumeType(VolumeType.DATA).build());
    region.cloud().ledger().reset();
    byte[] data = Arrays.copyOf("patient record 5512".getBytes(StandardCharsets.US_ASCII), 512);
    vm.disk("data0").guestVolume().write(0, data);
    vm.disk("data0").guestVolume().flush();

    vm.stop();
    vm.start();

    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(0, back);
    assertThat(back).isEqualTo(data);
    assertThatSurfacesOf(vm.disk("data0")).withRoles(SurfaceRole.STORAGE_MEDIA, SurfaceRole.LINK)
        .containNo("patient record");
    assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.VM_VCPU);
  }
}
