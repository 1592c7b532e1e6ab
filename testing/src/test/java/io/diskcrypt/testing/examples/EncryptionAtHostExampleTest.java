package io.diskcrypt.testing.examples;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatLedger;
import static io.diskcrypt.testing.DiskcryptAssertions.assertThatSurfacesOf;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.testing.DiskcryptTest;
import io.diskcrypt.testing.SimulatedRegion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 15's scenario 2: encryption at host leaves no plaintext on cache, link or temp; the host pays. */
@DiskcryptTest
class EncryptionAtHostExampleTest {
  @Test
  void noPlaintextOnAnySurface_theHostPays_theVmDoesNot(SimulatedRegion region) throws Exception {
    VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
    region.encryptionAtHost().enable(vm);
    vm.start();
    byte[] sector = Arrays.copyOf("invoice 2026-0042 for ACME".getBytes(StandardCharsets.US_ASCII), 512);
    for (var disk : vm.disks()) {
      disk.write(0, sector);
      disk.flush();
    }

    assertThatSurfacesOf(vm).containNo("invoice 2026-0042");
    assertThatLedger(region.cloud().ledger()).chargedOnlyTo(AccountKind.HOST);
  }
}
