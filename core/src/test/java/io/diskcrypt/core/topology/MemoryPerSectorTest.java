package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.testing.Seeds;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scattered small writes cost memory in proportion to the sectors written, on every surface that
 * keeps bytes (storage media, host cache media, link tap), and disks stay within Azure's size limit.
 */
class MemoryPerSectorTest {

  @Test
  @Tag("reliability")
  void scatteredSectorWrites_costAboutTheSectorOnEachSurface() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
    VirtualMachine vm = Cloud.create("test").vm("vm1").dataDisk(Sectors.gib(1024), CachePolicy.READ_WRITE).build();
    vm.start();
    BlockDevice data = vm.disk("data0").guestVolume();
    long seed = Seeds.base() + 21;
    SplittableRandom random = Seeds.random(seed);
    byte[] sector = new byte[512];
    int writes = 2_000;
    long sectors = data.sectorCount();
    data.write(0, sector); // warm up the path once
    data.flush();

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < writes; i++) {
      random.nextBytes(sector);
      data.write(random.nextLong(sectors), sector);
    }
    data.flush(); // the write-back cache sends them over the link to the storage media
    long perWrite = (threads.getCurrentThreadAllocatedBytes() - before) / writes;

    // Three surfaces keep each sector: 3 x (512 + about 400 bytes of index) plus the cache's dirty
    // run. Before sector-sized allocation a lone sector took a 32 KiB chunk on each: about 97 KiB.
    assertThat(perWrite).as("heap allocated per scattered 512-byte write (seed %d)", seed).isLessThan(6 * 1024);
  }

  @Test
  void diskLargerThanAzureAllows_isRefusedNamingTheLimit() {
    Cloud cloud = Cloud.create("test");
    assertThatThrownBy(() -> cloud.vm("big").dataDisk(Sectors.gib(32_768), CachePolicy.NONE).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32,767 GiB");
    assertThat(cloud.vm("largest").dataDisk(Sectors.gib(32_767), CachePolicy.NONE).build().disk("data0").sizeBytes())
        .isEqualTo(StorageCluster.MAX_DISK_BYTES);
  }
}
