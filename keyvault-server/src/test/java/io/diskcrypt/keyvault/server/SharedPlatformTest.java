package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.DiskEncryptionSet;
import io.diskcrypt.sse.ServerSideEncryption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One vault and one simulated clock for both the application (through the Azure SDK, over HTTPS) and
 * the simulated platform (a disk encryption set): a key disabled with the SDK stops the VM whose disks
 * it protects once the grace period has passed in simulated time, and enabling it with the SDK lets the
 * VM start again with its data intact.
 */
class SharedPlatformTest {
  static final Identity APP = Identity.user("app1");
  static final Identity DES = Identity.managed("des1");

  @Test
  void keyDisabledThroughTheSdk_stopsTheCmkVmAfterTheGracePeriod_enabledAgain_vmStartsWithItsData() throws Exception {
    try (Served s = Served.start("shared-kv", b -> b.purgeProtection(true), APP)) {
      s.vault.assignRole(APP, VaultRole.CRYPTO_OFFICER);
      s.vault.assignRole(DES, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
      KeyBundle cmk = s.vault.createKey(Served.ADMIN, "disk-cmk", KeySpec.rsa(2048));
      Cloud cloud = Cloud.create(s.vault.region(), s.clock);
      ServerSideEncryption sse = new ServerSideEncryption(cloud, s.service, new PlatformManagedKeys(s.vault.region()));
      DiskEncryptionSet des = sse.createDiskEncryptionSet("des1", cmk.id(), DES, false);
      VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
      sse.enableCustomerKey(vm, des);
      vm.start();
      byte[] data = new byte[512];
      new Random(11).nextBytes(data);
      vm.disk("data0").guestVolume().write(5, data);
      vm.disk("data0").guestVolume().flush();
      KeyClient app = s.keys(APP);

      KeyVaultKey key = app.getKey("disk-cmk");
      app.updateKeyProperties(key.getProperties().setEnabled(false));
      s.clock.advance(ServerSideEncryption.REVOCATION_GRACE.minus(Duration.ofMinutes(1)));

      assertThat(vm.state()).as("within the grace period").isEqualTo(VmState.RUNNING);

      s.clock.advance(Duration.ofMinutes(1));

      assertThat(vm.state()).as("after the grace period").isEqualTo(VmState.STOPPED);
      assertThat(vm.lastStopReason()).contains("disk-cmk");
      assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("disk-cmk");

      app.updateKeyProperties(app.getKey("disk-cmk").getProperties().setEnabled(true));
      vm.start();

      byte[] back = new byte[512];
      vm.disk("data0").read(5, back);
      assertThat(back).isEqualTo(data);
      assertThat(s.vault.auditLog()).anySatisfy(e -> {
        assertThat(e.caller()).isEqualTo(APP);
        assertThat(e.operation()).isEqualTo("KeyUpdate");
      });
    }
  }
}
