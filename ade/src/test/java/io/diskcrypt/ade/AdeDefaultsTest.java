package io.diskcrypt.ade;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the example of {@link AzureDiskEncryption}'s Javadoc, with every default left alone (the
 * vault's subscription and region, the VM's), is accepted: it used to be refused because the default
 * vault and the default VM were in different subscriptions.
 */
class AdeDefaultsTest {
  @Test
  void javadocExample_defaultVaultAndDefaultVm_enableSucceeds() throws Exception {
    Cloud cloud = Cloud.create("westeurope");
    KeyVaultService vaultService = new KeyVaultService(cloud.clock());
    Identity user = Identity.user("admin");
    vaultService.createVault(VaultSpec.builder("myvault").enabledForDiskEncryption(true).build(), user);
    VirtualMachine vm = cloud.vm("vm1").build();
    byte[] sector = new byte[512];

    AzureDiskEncryption ade = new AzureDiskEncryption(cloud, vaultService, AdeOptions.cheapKdf());
    vm.start();
    ade.enable(vm, AdeSettings.builder("https://myvault.vault.azure.net/", user)
        .volumeType(VolumeType.ALL).build());
    vm.osDisk().guestVolume().write(0, sector);

    assertThat(vm.subscription()).isEqualTo(Cloud.DEFAULT_SUBSCRIPTION);
    // VolumeType All without EncryptFormatAll leaves the Linux temp disk plaintext
    assertThat(ade.status(vm).disks()).allSatisfy(d -> assertThat(d.state()).as(d.disk()).isEqualTo(
        d.role() == DiskRole.TEMP ? EncryptionState.NOT_ENCRYPTED : EncryptionState.ENCRYPTED));
  }
}
