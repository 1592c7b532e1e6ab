package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.MARKER;
import static io.diskcrypt.ade.AdeFixture.marked;
import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import org.junit.jupiter.api.Test;

/**
 * The embedding the comparison uses: the default VM (Ubuntu 22.04, 30 GiB OS disk, D4s_v3 with a
 * 32 GiB temp disk) plus a 1 TiB data disk, {@code new AzureDiskEncryption(cloud, vaultService)} with
 * its default options, EncryptFormatAll with VolumeType All (the temp disk is encrypted only so). Thin disks keep this cheap.
 */
class AdeDefaultVmTest {
  @Test
  void defaultVm_volumeTypeAll_noPlaintextOnAnySurface_cpuOnVcpu() throws Exception {
    SimClock clock = new SimClock();
    Cloud cloud = Cloud.create("westeurope", clock);
    KeyVaultService vaultService = new KeyVaultService(clock);
    Identity user = Identity.user("compare");
    KeyVault vault = vaultService.createVault(VaultSpec.builder("compare-ade").region(cloud.region())
        .subscription("sub-0001").enabledForDiskEncryption(true).build(), user);
    VirtualMachine vm = cloud.vm("vm-ade").dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
    vm.start();

    AzureDiskEncryption ade = new AzureDiskEncryption(cloud, vaultService);
    AdeStatus status = ade.enable(vm, AdeSettings.builder(vault.uri(), user)
        .operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL).volumeType(VolumeType.ALL).build());
    cloud.ledger().reset();
    for (VirtualDisk disk : vm.disks()) {
      disk.guestVolume().write(7, marked(512));
      disk.guestVolume().flush();
    }

    assertThat(status.disks()).allSatisfy(d -> assertThat(d.state()).isEqualTo(EncryptionState.ENCRYPTED));
    for (VmSurface surface : vm.surfaces()) {
      assertThat(surface.surface().scan(MARKER).hits()).as(surface.role() + " " + surface.disk()).isZero();
    }
    assertThat(cloud.ledger().total(AccountKind.VM_VCPU).cryptoBytes()).isEqualTo(3 * 512);
    assertThat(cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    assertThat(cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isZero();
  }
}
