package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Snapshot;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Backup-style tests: a snapshot keeps the customer key, so a restore fails while the key is revoked. */
class SnapshotTest {
  private final SimulatedRegion region = SimulatedRegion.create();

  @Test
  void snapshotUnderACustomerKey_restoresWhileTheKeyIsUsable_failsNamingItOnceRevoked() throws Exception {
    CustomerKey key = region.customerKey("backup-key");
    VirtualMachine vm = region.vm("app").dataDisk(Sectors.gib(8), CachePolicy.READ_WRITE).build();
    region.useCustomerKey(vm.disk("data0"), key);
    vm.start();
    byte[] flushed = Arrays.copyOf("nightly batch 17".getBytes(), 512);
    vm.disk("data0").write(0, flushed);
    vm.disk("data0").flush();
    vm.disk("data0").write(1, Arrays.copyOf("still in the cache".getBytes(), 512));

    Snapshot nightly = region.snapshot(vm.disk("data0"), "nightly");
    assertThat(nightly.surface().scan("nightly batch 17".getBytes()).clean()).isTrue();

    VirtualMachine restoreVm = region.vm("restore").build();
    VirtualDisk restored = region.restore(nightly, restoreVm, "restored");
    restoreVm.start();
    byte[] back = new byte[1024];
    restored.read(0, back);
    assertThat(Arrays.copyOf(back, 512)).isEqualTo(flushed);
    assertThat(Arrays.copyOfRange(back, 512, 1024)).isEqualTo(new byte[512]);

    restoreVm.deallocate();
    key.disable();
    region.advance(Duration.ofHours(1));
    assertThatThrownBy(restoreVm::start).isInstanceOf(VmStartException.class).hasMessageContaining("backup-key");
    VirtualMachine hot = region.vm("hot").build();
    hot.start();
    assertThatThrownBy(() -> region.restore(nightly, hot, "restored")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backup-key");
    assertThat(hot.dataDisks()).isEmpty();
  }

  @Test
  void aTempDiskHasNoSnapshot() {
    VirtualMachine vm = region.vm("app").build();
    assertThatThrownBy(() -> region.snapshot(vm.tempDisk().orElseThrow(), "t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a managed disk");
  }
}
