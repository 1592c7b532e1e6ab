package io.diskcrypt.testing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.testing.CustomerKey;
import io.diskcrypt.testing.DiskcryptTest;
import io.diskcrypt.testing.SimulatedRegion;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 15's scenario 3: rotating the key-encryption key re-wraps data keys and re-encrypts no data. */
@DiskcryptTest
class KeyRotationExampleTest {
  @Test
  void newKeyVersion_dataKeysRewrapped_noSectorReencrypted_dataIntact(SimulatedRegion region) throws Exception {
    CustomerKey key = region.customerKey("app-key");
    VirtualMachine vm = region.vm("vm1").build();
    region.useCustomerKey(vm.osDisk(), key);
    vm.start();
    byte[] data = Arrays.copyOf("ledger entry 17".getBytes(StandardCharsets.US_ASCII), 512);
    vm.osDisk().write(9, data);
    vm.osDisk().flush();

    String newVersion = region.vault().rotateKey(region.admin(), key.name()).id();
    region.sse().updateActiveKey(key.diskEncryptionSet(), newVersion);
    region.advance(Duration.ofMinutes(30));

    assertThat(vm.osDisk().managedDisk().wrappedKey("sse-dek").keyId()).isEqualTo(newVersion);
    assertThat(region.sse().dataSectorsReencrypted()).isZero();
    byte[] back = new byte[512];
    vm.osDisk().read(9, back);
    assertThat(back).isEqualTo(data);
  }
}
