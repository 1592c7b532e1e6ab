package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.InMemoryKeyProvider;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.StopUnderLoad;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data disks attach to and detach from a running VM, as Azure allows: a hot detach loses no
 * acknowledged write (cache flushed, I/O in flight completed) and leaves the other disks running; a
 * hot attach unwraps the disk's key there and then, and changes nothing when it cannot.
 */
class HotAttachDetachTest {
  private static final int SECTORS = 96;

  private final InMemoryKeyProvider keys = new InMemoryKeyProvider("test");
  private final String kek = keys.createKey("kek");

  /** A region whose one option encrypts every managed disk at {@code placement} (none when null). */
  private Cloud cloud(Placement placement) {
    return CacheLayerMatrix.cloud(placement, keys, kek);
  }

  @ParameterizedTest(name = "cache {0}, layer at {1}")
  @MethodSource("io.diskcrypt.core.topology.CacheLayerMatrix#cases")
  void hotDetachUnderWrites_losesNoAcknowledgedWrite_andTheDiskReadsBackOnAnotherRunningVm(
      CachePolicy cache, Placement layer) throws Exception {
    long seed = CacheLayerMatrix.seed(cache, layer);
    Cloud cloud = cloud(layer);
    VirtualMachine vm1 = cloud.vm("vm1").osDisk(Sectors.gib(1), cache).dataDisk(Sectors.gib(1), cache).build();
    VirtualMachine vm2 = cloud.vm("vm2").osDisk(Sectors.gib(1), cache).build();
    vm1.start();
    vm2.start();
    AtomicReference<BlockDevice> data = new AtomicReference<>(vm1.disk("data0"));
    StopUnderLoad load = new StopUnderLoad(
        List.of(new StopUnderLoad.Target("data0", data::get, 100, SECTORS)), 3, seed);
    AtomicReference<ManagedDisk> detached = new AtomicReference<>();

    List<String> refusals = load.runAndStop(200, () -> detached.set(vm1.detachDataDisk("data0")));

    assertThat(refusals).as("seed %d: every writer met the detach", seed).hasSize(3)
        .allSatisfy(m -> assertThat(m).contains("DeviceUnavailableException").contains("detached from VM vm1"));
    assertThat(vm1.state()).isEqualTo(VmState.RUNNING);
    assertThat(vm1.disks()).extracting(VirtualDisk::name).doesNotContain("data0");
    assertThat(detached.get().attachedTo()).isEmpty();
    byte[] os = new byte[512];
    os[0] = 42;
    vm1.osDisk().write(7, os);

    data.set(vm2.attachDataDisk("moved", detached.get(), cache));
    assertThat(load.lostWrites()).as("seed %d after %d writes", seed, load.writesAcknowledged()).isEmpty();
    assertThat(detached.get().attachedTo()).contains(vm2);
  }

  @Test
  void hotDetach_evictsThePathKeys_andTheOldHandleStaysOutOfService() throws Exception {
    VirtualMachine vm = cloud(Placement.STORAGE).vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE).dataDisk(Sectors.gib(1), CachePolicy.READ_WRITE).build();
    vm.start();
    VirtualDisk data0 = vm.disk("data0");
    assertThat(data0.pathLayers()).hasSize(1);
    var layer = data0.pathLayers().get(0).layer();

    ManagedDisk disk = vm.detachDataDisk("data0");

    assertThat(data0.pathLayers()).isEmpty();
    assertThatThrownBy(() -> layer.read(0, new byte[512])).isInstanceOf(DeviceUnavailableException.class);
    vm.attachDataDisk("data0", disk, CachePolicy.READ_ONLY);
    assertThatThrownBy(() -> data0.read(0, new byte[512])).as("the handle from before the detach")
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("detached from VM vm1");
    vm.disk("data0").read(0, new byte[512]);
  }

  @Test
  void hotAttach_keyUnusable_failsNamingTheKey_andChangesNothing() throws Exception {
    VirtualMachine vm = cloud(Placement.STORAGE).vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE).dataDisk(Sectors.gib(1), CachePolicy.READ_WRITE).build();
    vm.start();
    byte[] marker = new byte[512];
    marker[3] = 7;
    vm.disk("data0").write(5, marker);
    ManagedDisk disk = vm.detachDataDisk("data0");
    keys.disable(kek);

    assertThatThrownBy(() -> vm.attachDataDisk("data0", disk, CachePolicy.NONE))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> {
          assertThat(e.keyId()).isEqualTo(kek);
          assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.DISABLED);
        });
    assertThat(vm.disks()).extracting(VirtualDisk::name).containsExactly("os", "temp");
    assertThat(vm.surfaces()).extracting(VmSurface::disk).doesNotContain("data0");
    assertThat(disk.attachedTo()).isEmpty();
    assertThat(vm.state()).isEqualTo(VmState.RUNNING);

    keys.enable(kek);
    VirtualDisk back = vm.attachDataDisk("data0", disk, CachePolicy.NONE);
    byte[] read = new byte[512];
    back.read(5, read);
    assertThat(read).isEqualTo(marker);
  }

  @Test
  void attachToAStoppedVm_connectsAtTheNextStart() throws Exception {
    Cloud cloud = cloud(null);
    VirtualMachine vm = cloud.vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE).build();
    ManagedDisk disk = cloud.storageCluster().createDisk("spare", Sectors.gib(1), vm.osDisk().sectorSize());
    vm.start();
    vm.stop();

    VirtualDisk attached = vm.attachDataDisk("data0", disk, CachePolicy.NONE);

    assertThatThrownBy(() -> attached.read(0, new byte[512])).isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("VM is STOPPED");
    vm.start();
    attached.read(0, new byte[512]);
  }

  @Test
  void theOsDiskCannotBeDetached_evenWhileRunning() throws Exception {
    VirtualMachine vm = cloud(null).vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE).build();
    vm.start();

    assertThatThrownBy(() -> vm.detachDataDisk("os")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only data disks can be detached");
    assertThat(vm.osDisk().managedDisk().attachedTo()).contains(vm);
  }

  @Test
  void aDiskWithAGuestVolumeMounted_isNotDetached_untilTheGuestLetsGo() throws Exception {
    VirtualMachine vm = cloud(null).vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE).dataDisk(Sectors.gib(1), CachePolicy.READ_WRITE).build();
    vm.start();
    VirtualDisk data0 = vm.disk("data0");
    data0.mountGuestVolume(new SparseMedia("guest volume", data0.sizeBytes(), data0.sectorSize()));

    assertThatThrownBy(() -> vm.detachDataDisk("data0")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vm1/data0").hasMessageContaining("encrypted volume mounted");
    assertThat(vm.disks()).contains(data0);
    data0.read(0, new byte[512]);

    data0.unmountGuestVolume();
    vm.detachDataDisk("data0");
    assertThat(vm.disks()).doesNotContain(data0);
  }
}
