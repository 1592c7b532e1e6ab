package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.marked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.AttributesUpdate;
import io.diskcrypt.keyvault.VaultObjectId;
import org.junit.jupiter.api.Test;

/**
 * The key-loss timeline: a running VM keeps working (its volume keys are in guest memory), the next
 * start fails naming the secret or KEK, and the start succeeds again once the secret or key is back.
 */
class AdeKeyLossTest {
  private final AdeFixture f = new AdeFixture();

  private static void assertReadsMarker(VirtualMachine vm) {
    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(6, back);
    assertThat(back).isEqualTo(marked(512));
  }

  /** The start fails, and its {@link VmStartException#keyProblem()} names {@code keyId} with {@code reason}. */
  private static void assertStartFailsOn(VirtualMachine vm, String keyId, Reason reason) {
    assertThatThrownBy(vm::start).isInstanceOfSatisfying(VmStartException.class, e -> {
      KeyAccessException problem = e.keyProblem().orElseThrow();
      assertThat(problem.keyId()).isEqualTo(keyId);
      assertThat(problem.reason()).isEqualTo(reason);
    });
  }

  @Test
  void secretDeleted_runningVmKeepsWorking_restartFails_recoverHeals() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().build());
    String secretUrl = status.disk("os").secretUrl().orElseThrow();
    String name = VaultObjectId.parse(secretUrl).name();

    f.vault.secrets().delete(f.user, name);
    vm.disk("data0").guestVolume().write(6, marked(512));
    assertReadsMarker(vm);

    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining(secretUrl);
    assertStartFailsOn(vm, secretUrl, Reason.DELETED);
    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
    assertThat(vm.osDisk().guestVolumeMounted()).isFalse();

    f.vault.secrets().recover(f.user, name);
    vm.start();
    assertReadsMarker(vm);
    assertThat(f.ade.status(vm).osVolumeEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
  }

  @Test
  void secretDisabled_restartFails_reenableHeals() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    String secretUrl = f.ade.enable(vm, f.settings().build()).disk("os").secretUrl().orElseThrow();
    vm.disk("data0").guestVolume().write(6, marked(512));

    f.vault.secrets().update(f.user, secretUrl, AttributesUpdate.disable());
    assertReadsMarker(vm);
    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining(secretUrl)
        .hasMessageContaining("disabled");
    assertStartFailsOn(vm, secretUrl, Reason.DISABLED);

    f.vault.secrets().update(f.user, secretUrl, AttributesUpdate.enable());
    vm.start();
    assertReadsMarker(vm);
  }

  @Test
  void kekDisabled_restartFailsNamingKek_enableHeals() throws Exception {
    String kek = f.kek("kek", 2048);
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build());
    vm.disk("data0").guestVolume().write(6, marked(512));

    f.vault.keys().update(f.user, kek, KeyAttributesUpdate.disable());
    assertReadsMarker(vm);
    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("KEK " + kek);
    assertStartFailsOn(vm, kek, Reason.DISABLED);

    f.vault.keys().update(f.user, kek, KeyAttributesUpdate.enable());
    vm.start();
    assertReadsMarker(vm);
  }

  @Test
  void kekDeleted_restartFails_recoverHeals() throws Exception {
    String kek = f.kek("kek", 2048);
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().keyEncryptionKeyUrl(kek).build());
    vm.disk("data0").guestVolume().write(6, marked(512));

    f.vault.keys().delete(f.user, "kek");
    assertReadsMarker(vm);
    vm.deallocate();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining(kek);
    assertStartFailsOn(vm, kek, Reason.DELETED);

    f.vault.keys().recover(f.user, "kek");
    vm.start();
    assertReadsMarker(vm);
  }

  @Test
  void vaultLosesDiskEncryptionFlag_restartFails() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    String secretUrl = f.ade.enable(vm, f.settings().build()).disk("os").secretUrl().orElseThrow();

    f.vault.setEnabledForDiskEncryption(false);
    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("enabledForDiskEncryption");
    assertStartFailsOn(vm, secretUrl, Reason.ACCESS_REMOVED);

    f.vault.setEnabledForDiskEncryption(true);
    vm.start();
    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
  }

  @Test
  void retirement_runningVmKeepsWorking_restartFails_enableRefused() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());
    vm.osDisk().guestVolume().write(6, marked(512));

    f.clock.advance(java.time.Duration.between(f.clock.instant(), AzureDiskEncryption.RETIREMENT));
    byte[] back = new byte[512];
    vm.osDisk().guestVolume().read(6, back);
    assertThat(back).isEqualTo(marked(512));
    assertThatThrownBy(() -> f.ade.enable(vm, f.settings().build())).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("retired on 15 September 2028");
    vm.stop();
    assertThatThrownBy(vm::start).isInstanceOfSatisfying(VmStartException.class,
        e -> assertThat(e.keyProblem()).as("retirement is not a key problem").isEmpty()).hasMessageContaining("retired");
  }

  @Test
  void restartFailure_messageNamesSecretButCarriesNoSecretBytes() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    String url = f.ade.enable(vm, f.settings().build()).disk("os").secretUrl().orElseThrow();
    String passphrase = f.vault.secrets().get(f.user, url).value();
    f.vault.secrets().update(f.user, url, AttributesUpdate.disable());
    vm.stop();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(vm::start);
    assertThat(thrown).isInstanceOf(VmStartException.class).hasMessageContaining(url);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(t.getMessage()).doesNotContain(passphrase).doesNotContain(passphrase.substring(0, 16));
    }
  }

  @Test
  void stop_destroysVolumeKeys_ioFailsUntilRestart() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().build());
    vm.disk("data0").guestVolume().write(6, marked(512));
    BlockDevice unlocked = vm.disk("data0").guestVolume();

    vm.stop();
    assertThat(vm.disk("data0").guestVolumeMounted()).isFalse();
    assertThatThrownBy(() -> unlocked.read(6, new byte[512])).as("the volume unlocked before the stop")
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("key is no longer available");
    assertThatThrownBy(() -> vm.disk("data0").guestVolume().read(6, new byte[512])).as("the data disk while stopped")
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("VM is " + VmState.STOPPED);
    vm.start();
    assertReadsMarker(vm);
  }
}
