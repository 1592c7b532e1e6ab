package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.marked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A data disk that ADE encrypted, detached while the VM is deallocated. ADE for Linux writes its data
 * volumes into crypttab ({@code luks,nofail}) and fstab ({@code nofail}), and Windows boots without a
 * data volume, so the VM starts without it; the disk keeps its ciphertext and encryption settings, and
 * unlocks again once attached back.
 */
class AdeDetachedDiskTest {
  private final AdeFixture f = new AdeFixture();

  static Stream<Image> images() {
    return Stream.of(Image.UBUNTU_22_04, Image.WINDOWS_SERVER_2022);
  }

  @ParameterizedTest
  @MethodSource("images")
  void detachedWhileDeallocated_vmStartsWithoutIt_thenUnlocksItWhenAttachedBack(Image image) throws Exception {
    VirtualMachine vm = f.vm(image);
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.ALL).build());
    vm.disk("data0").guestVolume().write(5, marked(512));
    vm.deallocate();

    ManagedDisk data = vm.detachDataDisk("data0");
    vm.start();

    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    AdeStatus status = f.ade.status(vm);
    assertThat(status.osVolumeEncrypted()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(status.disks()).extracting(DiskEncryptionStatus::disk).doesNotContain("data0");
    assertThat(data.encryptionSettings().orElseThrow().enabled()).isTrue();

    vm.deallocate();
    vm.attachDataDisk("data0", data, CachePolicy.READ_ONLY);
    vm.start();

    assertThat(f.ade.status(vm).disk("data0").state()).isEqualTo(EncryptionState.ENCRYPTED);
    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(5, back);
    assertThat(back).isEqualTo(marked(512));
  }

  @Test
  void anotherDiskUnderTheSameName_isNotTheEncryptedVolume_andEnableEncryptsIt() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().build());
    vm.deallocate();
    vm.detachDataDisk("data0");
    ManagedDisk blank = f.cloud.storageCluster().createDisk("blank", Sectors.mib(64), vm.osDisk().sectorSize());
    vm.attachDataDisk("data0", blank, CachePolicy.READ_ONLY);

    vm.start();

    assertThat(f.ade.status(vm).disk("data0").state()).isEqualTo(EncryptionState.NOT_ENCRYPTED);
    assertThat(f.ade.enable(vm, f.settings().build()).disk("data0").state()).isEqualTo(EncryptionState.ENCRYPTED);
    assertThat(blank.encryptionSettings().orElseThrow().enabled()).isTrue();
  }

  @Test
  void attachedBackWhileRunning_notMountedUntilRestart_disableRefusedUntilThen() throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());
    vm.disk("data0").guestVolume().write(7, marked(512));
    vm.deallocate();
    ManagedDisk data = vm.detachDataDisk("data0");
    vm.start();

    vm.attachDataDisk("data0", data, CachePolicy.READ_ONLY);

    assertThat(f.ade.status(vm).disk("data0").state()).isEqualTo(EncryptionState.NOT_MOUNTED);
    assertThatThrownBy(() -> f.ade.disable(vm, VolumeType.DATA)).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("disk data0").hasMessageContaining("restart the VM first");
    assertThat(f.ade.status(vm).disk("data0").state()).isEqualTo(EncryptionState.NOT_MOUNTED);
    vm.stop();
    vm.start();
    assertThat(f.ade.status(vm).disk("data0").state()).isEqualTo(EncryptionState.ENCRYPTED);
    f.ade.disable(vm, VolumeType.DATA);
    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(7, back);
    assertThat(back).isEqualTo(marked(512));
  }
}
