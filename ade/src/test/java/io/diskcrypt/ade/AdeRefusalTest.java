package io.diskcrypt.ade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyCurve;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.VaultSpec;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of {@link AzureDiskEncryption#enable}: the message names the rule and nothing changes,
 * except where the vault itself refuses a call (the extension is recorded by then).
 */
class AdeRefusalTest {
  private final AdeFixture f = new AdeFixture();

  private VirtualMachine running(Image image) throws Exception {
    VirtualMachine vm = f.vm(image);
    vm.start();
    return vm;
  }

  private void assertUntouched(VirtualMachine vm) {
    assertVmUntouched(vm);
    assertThat(f.ade.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
  }

  private static void assertVmUntouched(VirtualMachine vm) {
    assertThat(vm.extensions()).isEmpty();
    assertThat(vm.everHadGuestEncryption()).isFalse();
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();
  }

  @Test
  void enable_customLinuxImage_refused() throws Exception {
    VirtualMachine vm = running(Image.custom("golden-ubuntu", OsType.LINUX, "Ubuntu 22.04"));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("ADE does not support custom Linux images");
    assertUntouched(vm);
  }

  @Test
  void enable_unsupportedLinuxRelease_refused() throws Exception {
    VirtualMachine vm = running(new Image("Debian:debian-12:12", OsType.LINUX, "Debian 12", false));

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("Debian 12").hasMessageContaining("Ubuntu 22.04");
    assertUntouched(vm);
  }

  @Test
  void enable_encryptionAtHost_refused() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.setSecurityProfile(vm.securityProfile().withEncryptionAtHost(true));
    vm.start();

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("encryption at host");
    assertUntouched(vm);
  }

  @Test
  void enable_customerKeySseDisk_refused() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.disk("data0").managedDisk().setEncryption(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, "/des/des1"));
    vm.start();

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("vm1-data0").hasMessageContaining("customer-managed key");
    assertUntouched(vm);
  }

  @Test
  void enable_vaultNotEnabledForDiskEncryption_refused() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04);
    f.vault.setEnabledForDiskEncryption(false);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("enabledForDiskEncryption");
    assertUntouched(vm);
  }

  @Test
  void enable_vaultInOtherRegion_refused() throws Exception {
    KeyVault far = f.vaults.createVault(VaultSpec.builder("farvault").region("eastus")
        .subscription(AdeFixture.SUBSCRIPTION).enabledForDiskEncryption(true).build(), f.user);
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, AdeSettings.builder(far.uri(), f.user).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("region eastus")
        .hasMessageContaining("westeurope");
    assertUntouched(vm);
  }

  @Test
  void enable_vaultInOtherSubscription_refused() throws Exception {
    KeyVault other = f.vaults.createVault(VaultSpec.builder("othersub").region(AdeFixture.REGION)
        .subscription("sub-0002").enabledForDiskEncryption(true).build(), f.user);
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, AdeSettings.builder(other.uri(), f.user).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("subscription sub-0002");
    assertUntouched(vm);
  }

  @Test
  void enable_kekInVaultOfOtherRegion_refused() throws Exception {
    KeyVault far = f.vaults.createVault(VaultSpec.builder("farvault").region("eastus")
        .subscription(AdeFixture.SUBSCRIPTION).enabledForDiskEncryption(true).build(), f.user);
    String kek = far.createKey(f.user, "kek", KeySpec.rsa(2048)).id();
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("KeyEncryptionKeyURL")
        .hasMessageContaining("region eastus");
    assertUntouched(vm);
  }

  @Test
  void enable_kekInManagedHsm_refused_keyVaultOnly() throws Exception {
    KeyVault hsm = f.vaults.createVault(VaultSpec.managedHsm("adehsm").subscription(AdeFixture.SUBSCRIPTION)
        .purgeProtection(true).build(), f.user);
    String kek = hsm.createKey(f.user, "kek", KeySpec.rsaHsm(2048)).id();
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("is a Managed HSM key")
        .hasMessageContaining("Azure Key Vault only");
    assertUntouched(vm);
  }

  @Test
  void enable_unknownVault_failsNamingIt() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, AdeSettings.builder("https://novault.vault.azure.net/", f.user).build()))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> {
          assertThat(e.keyId()).isEqualTo("https://novault.vault.azure.net/");
          assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.UNREACHABLE);
        }).hasMessageContaining("no vault named 'novault'");
    assertUntouched(vm);
  }

  @Test
  void enable_malformedVaultUrl_refused() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, AdeSettings.builder("https://adevault.vault.azure.net:443/", f.user).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("no port");
    assertUntouched(vm);
  }

  @Test
  void enable_unversionedKekUrl_refused() throws Exception {
    String kek = f.kek("kek", 2048);
    String versionless = kek.substring(0, kek.lastIndexOf('/'));
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(versionless).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("must carry the key's version");
    assertUntouched(vm);
  }

  @Test
  void enable_kekUrlWithPort_refused() throws Exception {
    String kek = f.kek("kek", 2048).replace(".vault.azure.net/", ".vault.azure.net:443/");
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("must not contain a port");
    assertUntouched(vm);
  }

  @Test
  void enable_secretUrlAsKek_refused() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04);
    String secret = f.vault.setSecret(f.user, "notakey", "x", null, null).id();

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(secret).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("is not a key URL");
    assertUntouched(vm);
  }

  @Test
  void enable_disabledKek_failsWithKeyAccessNamingIt() throws Exception {
    String kek = f.kek("kek", 2048);
    f.vault.keys().update(f.user, kek, KeyAttributesUpdate.disable());
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> {
          assertThat(e.keyId()).isEqualTo(kek);
          assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.DISABLED);
        });
    assertUntouched(vm);
  }

  @Test
  void enable_ecKek_refused() throws Exception {
    String kek = f.vault.createKey(f.user, "eckek", KeySpec.ec(KeyCurve.values()[0])).id();
    VirtualMachine vm = running(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build()))
        .isInstanceOf(AdeRefusedException.class).hasMessageContaining("only RSA");
    assertUntouched(vm);
  }

  @Test
  void enable_callerWithoutSecretPermission_forbidden() throws Exception {
    VirtualMachine vm = running(Image.UBUNTU_22_04);
    Identity mallory = Identity.user("mallory");

    assertThatThrownBy(() -> f.ade.enable(vm, AdeSettings.builder(f.vault.uri(), mallory).build()))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> {
          assertThat(e.keyId()).startsWith(f.vault.uri() + "secrets/");
          assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.ACCESS_REMOVED);
          assertThat(e.getCause()).isInstanceOf(ForbiddenException.class);
        }).hasMessageContaining("mallory");
    // the vault refuses the secret write, after the extension is recorded: not assertUntouched
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();
  }

  @Test
  void enable_stoppedVm_refused() {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("start VM vm1 first");
    assertUntouched(vm);
  }

  @Test
  void enable_vmOfAnotherCloud_refused() throws Exception {
    VirtualMachine vm = Cloud.create(AdeFixture.REGION).vm("elsewhere").build();

    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("elsewhere");
    assertVmUntouched(vm); // not ours, so f.ade.status(vm) refuses it too
  }

  @Test
  void wireNames_parseCaseSensitively() {
    assertThat(VolumeType.fromWireName("All")).isEqualTo(VolumeType.ALL);
    assertThat(EncryptionOperation.fromWireName("EnableEncryptionFormatAll"))
        .isEqualTo(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL);
    assertThat(KeyEncryptionAlgorithm.fromWireName("RSA-OAEP-256")).isEqualTo(KeyEncryptionAlgorithm.RSA_OAEP_256);
    assertThatThrownBy(() -> VolumeType.fromWireName("all")).hasMessageContaining("case sensitive");
    assertThatThrownBy(() -> EncryptionOperation.fromWireName("Encrypt")).hasMessageContaining("EnableEncryption");
    assertThatThrownBy(() -> KeyEncryptionAlgorithm.fromWireName("RSA-OAEP-512")).hasMessageContaining("RSA1_5");
    assertThatThrownBy(() -> AdeSettings.builder(" ", f.user).build()).hasMessageContaining("KeyVaultURL");
  }
}
