package io.diskcrypt.sse;

import static io.diskcrypt.sse.Fixture.MARKER;
import static io.diskcrypt.sse.Fixture.markedSector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.PathLayer;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeySpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encryption is chosen per managed disk: one VM, an OS disk under a platform key and data disks under two sets. */
class PerDiskEncryptionTest {
  private final Fixture f;
  private final KeyBundle keyA;
  private final KeyBundle keyB;
  private final DiskEncryptionSet setA;
  private final DiskEncryptionSet setB;

  PerDiskEncryptionTest() throws Exception {
    f = new Fixture();
    keyA = f.vault.createKey(f.admin, "key-a", KeySpec.rsa(2048));
    keyB = f.vault.createKey(f.admin, "key-b", KeySpec.rsa(3072));
    setA = f.sse.createDiskEncryptionSet("des-a", keyA.id(), f.desIdentity, false);
    setB = f.sse.createDiskEncryptionSet("des-b", keyB.id(), f.desIdentity, false);
  }

  /** OS disk under the platform key, data0 under set A, data1 under set B; deallocated. */
  private VirtualMachine vm(String name) throws Exception {
    VirtualMachine vm = f.cloud.vm(name).dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY)
        .dataDisk(Sectors.gib(64), CachePolicy.READ_WRITE).build();
    f.sse.enablePlatformKey(vm.osDisk().managedDisk());
    f.sse.enableCustomerKey(vm.disk("data0").managedDisk(), setA);
    f.sse.enableCustomerKey(vm.disk("data1").managedDisk(), setB);
    return vm;
  }

  private static void assertMarker(VirtualDisk disk) {
    byte[] back = new byte[512];
    disk.read(7, back);
    assertThat(back).as(disk.describe()).isEqualTo(markedSector(512));
  }

  @Test
  void eachDiskHasItsOwnEncryption_inTheModelAndInItsPath() throws Exception {
    VirtualMachine vm = vm("vm1");
    vm.start();
    Fixture.writeMarkers(vm);

    assertThat(vm.osDisk().managedDisk().encryption()).contains(DiskEncryption.PLATFORM_KEY);
    assertThat(vm.disk("data0").managedDisk().encryption()).contains(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, setA.id()));
    assertThat(vm.disk("data1").managedDisk().encryption()).contains(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, setB.id()));
    assertThat(f.sse.diskEncryptionSetOf(vm.disk("data1").managedDisk())).contains(setB);
    assertThat(keyDescriptions(vm.osDisk())).singleElement().asString().contains("platform-managed key");
    assertThat(keyDescriptions(vm.disk("data0"))).singleElement().asString().contains("key-a").contains("des-a");
    assertThat(keyDescriptions(vm.disk("data1"))).singleElement().asString().contains("key-b").contains("des-b");
    for (String disk : List.of("os", "data0", "data1")) {
      assertThat(vm.disk(disk).managedDisk().media().scan(MARKER).hits()).as(disk).isZero();
      assertMarker(vm.disk(disk));
    }
  }

  private static List<String> keyDescriptions(VirtualDisk disk) {
    return disk.pathLayers().stream().filter(l -> l.placement() == Placement.STORAGE)
        .map(PathLayer::layer).map(l -> l.keyDescription()).toList();
  }

  /** The acceptance test: revoking A's key makes only data0 unreadable; B's disk reads back after A returns. */
  @Test
  void revokingSetAsKey_makesOnlyData0Unreadable_theVmStopsAfterGrace_andAllReadBackWhenItReturns() throws Exception {
    VirtualMachine vm = vm("vm1");
    vm.start();
    Fixture.writeMarkers(vm);

    f.vault.keys().update(f.admin, keyA.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofMinutes(59));
    assertThat(vm.state()).as("within the grace period").isEqualTo(VmState.RUNNING);
    assertMarker(vm.disk("data0"));
    assertThat(setA.revokedSince()).isPresent();
    assertThat(setB.revokedSince()).isEmpty();

    f.clock.advance(Duration.ofMinutes(1));
    assertThat(vm.state()).as("the platform stops the VM after the grace period").isEqualTo(VmState.STOPPED);
    assertThat(vm.lastStopReason()).contains(keyA.id()).doesNotContain("key-b");
    assertThatThrownBy(vm::start).isInstanceOfSatisfying(VmStartException.class, e -> {
      assertThat(e.keyProblem().orElseThrow().keyId()).isEqualTo(keyA.id());
      assertThat(e.keyProblem().orElseThrow().reason()).isEqualTo(Reason.DISABLED);
    }).hasMessageContaining("disk data0");

    // Only data0 is unreadable: without it, the VM starts and reads its OS disk and data1.
    vm.deallocate();
    ManagedDisk data0 = vm.detachDataDisk("data0");
    vm.start();
    assertMarker(vm.osDisk());
    assertMarker(vm.disk("data1"));

    f.vault.keys().update(f.admin, keyA.id(), KeyAttributesUpdate.enable());
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(setA.revokedSince()).isEmpty();
    vm.deallocate();
    vm.attachDataDisk("data0", data0, CachePolicy.READ_ONLY);
    vm.start();
    for (String disk : List.of("os", "data0", "data1")) {
      assertMarker(vm.disk(disk));
    }
  }

  @Test
  void changingADisksSet_needsTheVmDeallocatedOrTheDiskDetached() throws Exception {
    VirtualMachine vm = vm("vm1");
    vm.start();
    Fixture.writeMarkers(vm);
    ManagedDisk data1 = vm.disk("data1").managedDisk();

    assertThatThrownBy(() -> f.sse.enableCustomerKey(data1, setA)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vm1-data1").hasMessageContaining("RUNNING").hasMessageContaining("detach");
    vm.stop();
    assertThatThrownBy(() -> f.sse.enableCustomerKey(data1, setA)).as("stopped is not deallocated")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
    assertThat(data1.encryption()).contains(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, setB.id()));

    vm.deallocate();
    vm.detachDataDisk("data1");
    vm.start();
    f.sse.enableCustomerKey(data1, setA);
    assertThat(data1.encryption()).as("a detached disk changes while its VM runs")
        .contains(DiskEncryption.of(EncryptionType.CUSTOMER_KEY, setA.id()));
    assertThat(data1.wrappedKey(DiskKeys.DATA_KEY_SLOT).keyId()).isEqualTo(keyA.id());

    vm.deallocate();
    vm.attachDataDisk("data1", data1, CachePolicy.READ_WRITE);
    vm.start();
    assertMarker(vm.disk("data1"));
    f.vault.keys().update(f.admin, keyB.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofHours(2));
    assertThat(vm.state()).as("no disk depends on B any more").isEqualTo(VmState.RUNNING);
  }

  @Test
  void aCopyKeepsEncryptionKeysAndTheAdeMark_andReadsBackOnAnotherVm() throws Exception {
    VirtualMachine vm = vm("vm1");
    vm.start();
    Fixture.writeMarkers(vm);
    vm.deallocate();
    ManagedDisk data0 = vm.disk("data0").managedDisk();
    data0.markEverHadGuestEncryption();

    ManagedDisk copy = f.cloud.storageCluster().copyDisk(data0, "vm1-data0-snapshot");

    assertThat(copy.everHadGuestEncryption()).isTrue();
    assertThat(copy.encryption()).isEqualTo(data0.encryption());
    assertThat(f.sse.disksOf(setA)).contains(data0, copy);
    VirtualMachine other = f.cloud.vm("vm2").build();
    f.sse.enablePlatformKey(other);
    other.attachDataDisk("restored", copy, CachePolicy.NONE);
    other.start();
    assertMarker(other.disk("restored"));
    other.deallocate();
    assertThatThrownBy(() -> other.attachDataDisk("again", data0, CachePolicy.NONE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already attached to VM vm1");
  }
}
