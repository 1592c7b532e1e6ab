package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.KeyAccessException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A host failure loses what only the host held; the platform then restarts the VM elsewhere. */
class HostCrashTest {
  private static byte[] sector(int fill) {
    byte[] b = new byte[512];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  private static byte[] read(VirtualDisk disk, long sector) {
    byte[] b = new byte[512];
    disk.read(sector, b);
    return b;
  }

  @Test
  void readWriteCache_losesUnflushedWrites_keepsFlushedOnes_otherCachesLoseNothing() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").osDisk(Sectors.gib(1), CachePolicy.READ_WRITE)
        .dataDisk(Sectors.gib(1), CachePolicy.READ_ONLY).dataDisk(Sectors.gib(1), CachePolicy.NONE).build();
    vm.start();
    vm.osDisk().write(0, sector(1));
    vm.osDisk().flush();
    vm.osDisk().write(0, sector(2));
    vm.osDisk().write(1, sector(3));
    vm.disk("data0").write(0, sector(4));
    vm.disk("data1").write(0, sector(5));

    vm.crashHost();

    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    assertThat(read(vm.osDisk(), 0)).isEqualTo(sector(1));
    assertThat(read(vm.osDisk(), 1)).isEqualTo(new byte[512]);
    assertThat(read(vm.disk("data0"), 0)).isEqualTo(sector(4));
    assertThat(read(vm.disk("data1"), 0)).isEqualTo(sector(5));
  }

  @Test
  void tempDiskIsLost() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").build();
    vm.start();
    VirtualDisk temp = vm.tempDisk().orElseThrow();
    temp.write(0, sector(7));

    vm.crashHost();

    assertThat(temp.hostMedia().holds(0)).isFalse();
    assertThat(read(temp, 0)).isEqualTo(new byte[512]);
  }

  @Test
  void restartFails_vmStaysStopped_reasonNamesTheHostAndTheStart() throws Exception {
    Cloud cloud = Cloud.create("test");
    AtomicBoolean keyGone = new AtomicBoolean();
    cloud.pipeline().insert(Placement.STORAGE, "test encryption", (d, below, payer) -> {
      if (keyGone.get()) {
        throw new KeyAccessException("https://kv.vault.azure.net/keys/k/1", KeyAccessException.Reason.UNREACHABLE,
            "vault kv cannot be reached");
      }
      return below;
    });
    VirtualMachine vm = cloud.vm("vm1").build();
    vm.start();
    keyGone.set(true);

    vm.crashHost();

    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
    assertThat(vm.lastStopReason()).contains("host failure", "could not restart", "keys/k/1", "cannot be reached");
    assertThatThrownBy(vm::crashHost).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
  }
}
