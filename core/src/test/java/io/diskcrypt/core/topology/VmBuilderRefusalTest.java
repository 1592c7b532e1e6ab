package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.CpuUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refused build leaves the region as it was: no disk, no VM, no CPU account; the message names the disk. */
class VmBuilderRefusalTest {

  private final Cloud cloud = Cloud.create("test");

  @Test
  void oversizedDataDisk_refusedNamingDiskAndLimit_createsNothing() {
    cloud.vm("kept").build();
    List<ManagedDisk> disksBefore = cloud.storageCluster().disks();
    List<String> accountsBefore = accountNames();

    assertThatThrownBy(() -> cloud.vm("big")
            .dataDisk(Sectors.gib(1), CachePolicy.NONE)
            .dataDisk(Sectors.gib(32_768), CachePolicy.NONE)
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("big-data1")
        .hasMessageContaining("32,767 GiB");

    assertThat(cloud.storageCluster().disks()).containsExactlyElementsOf(disksBefore);
    assertThat(cloud.vms()).extracting(VirtualMachine::name).containsExactly("kept");
    assertThat(accountNames()).containsExactlyElementsOf(accountsBefore);
    // Nothing of the refused build holds a name: the corrected build succeeds under the same names.
    VirtualMachine big = cloud.vm("big").dataDisk(Sectors.gib(1), CachePolicy.NONE).build();
    assertThat(big.disk("data0").sizeBytes()).isEqualTo(Sectors.gib(1));
  }

  @Test
  void dataDiskNotAMultipleOfTheSectorSize_refusedNamingTheDisk_createsNothing() {
    assertThatThrownBy(() -> cloud.vm("odd").dataDisk(Sectors.gib(1) + 100, CachePolicy.NONE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd-data0")
        .hasMessageContaining("multiple of its sector size, 512 bytes");

    assertThat(cloud.storageCluster().disks()).isEmpty();
    assertThat(cloud.vms()).isEmpty();
  }

  @Test
  void takenVmName_refusedNamingTheVm_createsNothing() {
    VirtualMachine first = cloud.vm("app").build();
    List<ManagedDisk> disksBefore = cloud.storageCluster().disks();

    assertThatThrownBy(() -> cloud.vm("app").dataDisk(Sectors.gib(1), CachePolicy.NONE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a VM named app already exists");

    assertThat(cloud.storageCluster().disks()).containsExactlyElementsOf(disksBefore);
    assertThat(cloud.vms()).containsExactly(first);
  }

  private List<String> accountNames() {
    return cloud.ledger().usage().stream().map(CpuUsage::account).toList();
  }
}
