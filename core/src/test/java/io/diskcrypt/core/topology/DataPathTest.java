package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.keys.InMemoryKeyProvider;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.VmSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataPathTest {
  private static final byte[] MARKER = "PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);

  private static byte[] markedSector(int size) {
    byte[] sector = new byte[size];
    System.arraycopy(MARKER, 0, sector, 100, MARKER.length);
    return sector;
  }

  private static VirtualMachine plainVm(Cloud cloud) throws VmStartException {
    VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
    vm.start();
    for (VirtualDisk disk : vm.disks()) {
      disk.guestVolume().write(7, markedSector(512));
      disk.guestVolume().flush();
    }
    return vm;
  }

  private static Map<String, Long> hitsBySurface(VirtualMachine vm) {
    return vm.surfaces().stream().collect(Collectors.toMap(
        s -> s.role() + " " + s.disk(), s -> s.surface().scan(MARKER).hits()));
  }

  @Test
  void unencryptedVm_plaintextOnEverySurface() throws Exception {
    VirtualMachine vm = plainVm(Cloud.create("test"));

    assertThat(hitsBySurface(vm)).containsOnly(
        Map.entry("STORAGE_MEDIA os", 1L), Map.entry("CACHE_MEDIA os", 1L), Map.entry("LINK os", 1L),
        Map.entry("STORAGE_MEDIA data0", 1L), Map.entry("CACHE_MEDIA data0", 1L), Map.entry("LINK data0", 1L),
        Map.entry("TEMP_MEDIA temp", 1L));
  }

  @Test
  void readWriteCache_holdsWritesUntilFlush() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").build();
    vm.start();
    vm.osDisk().write(3, markedSector(512));

    assertThat(vm.osDisk().managedDisk().media().scan(MARKER).hits()).isZero();
    assertThat(vm.osDisk().hostMedia().scan(MARKER).hits()).isEqualTo(1);

    vm.osDisk().flush();
    assertThat(vm.osDisk().managedDisk().media().scan(MARKER).hits()).isEqualTo(1);
  }

  @Test
  void readWriteCache_flushWritesTheLatestBytesOfOverlappingLongRuns() throws Exception {
    VirtualMachine vm = Cloud.create("test").vm("vm1").build();
    vm.start();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    byte[] first = new byte[300 * 512];
    random.nextBytes(first);
    byte[] second = new byte[50 * 512];
    random.nextBytes(second);
    vm.osDisk().write(1000, first);
    vm.osDisk().write(1280, second); // overlaps the tail of the first run and extends past it

    vm.osDisk().flush();

    byte[] expected = java.util.Arrays.copyOf(first, 330 * 512);
    System.arraycopy(second, 0, expected, 280 * 512, second.length);
    byte[] stored = new byte[330 * 512];
    vm.osDisk().managedDisk().media().read(1000, stored);
    assertThat(stored).isEqualTo(expected);
  }

  @Test
  void readOnlyCache_fillsOnReadAndServesFromCache() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.mib(64), CachePolicy.READ_ONLY).build();
    vm.osDisk().managedDisk().media(); // untouched
    VirtualDisk data = vm.disk("data0");
    data.managedDisk().media().write(5, markedSector(512));
    vm.start();

    byte[] read = new byte[1024];
    data.read(4, read);

    assertThat(Arrays.copyOfRange(read, 612, 612 + MARKER.length)).isEqualTo(MARKER);
    assertThat(data.hostMedia().holds(4)).isTrue();
    assertThat(data.hostMedia().holds(5)).isTrue();
  }

  @Test
  void stopAndFailedStart_evictTheKeysOfTheLayersThatStartBuilt() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(8), CachePolicy.READ_ONLY).build();
    InMemoryKeyProvider keys = new InMemoryKeyProvider("test platform");
    List<EncryptionLayer> built = new ArrayList<>();
    Map<String, String> keyOfDisk = Map.of("os", keys.createKey("os-key"), "data0", keys.createKey("data-key"));
    for (VirtualDisk disk : vm.disks()) {
      if (disk.role().managed()) {
        try (var dataKey = keys.newDataKey(keyOfDisk.get(disk.name()), 64)) {
          disk.managedDisk().putWrappedKey("sse", dataKey.wrapped());
        }
      }
    }
    cloud.pipeline().insert(Placement.STORAGE, "test sse", (d, below, payer) -> {
      EncryptionLayer layer = keys.unwrapIntoLayer(below, d.managedDisk().wrappedKey("sse"), payer, "test PMK");
      built.add(layer);
      return layer;
    });

    vm.start();
    assertThat(built).hasSize(2).noneMatch(EncryptionLayer::keyEvicted);
    vm.stop();
    assertThat(built).as("a stopped VM holds no key").allMatch(EncryptionLayer::keyEvicted);

    built.clear();
    keys.disable(keyOfDisk.get("data0"));
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("data0");
    assertThat(built).as("the OS disk's layer, built before data0 failed").hasSize(1)
        .allMatch(EncryptionLayer::keyEvicted);
  }

  @Test
  void storageLayer_encryptsMediaOnly_andChargesTheStorageCluster() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
    InMemoryKeyProvider keys = new InMemoryKeyProvider("test platform");
    String kek = keys.createKey("platform");
    for (VirtualDisk disk : vm.disks()) {
      if (disk.role().managed()) {
        try (var dataKey = keys.newDataKey(kek, 64)) {
          disk.managedDisk().putWrappedKey("sse", dataKey.wrapped());
        }
      }
    }
    cloud.pipeline().insert(Placement.STORAGE, "test sse",
        (d, below, payer) -> keys.unwrapIntoLayer(below, d.managedDisk().wrappedKey("sse"), payer, "test PMK"));
    vm.start();
    for (VirtualDisk disk : vm.disks()) {
      disk.guestVolume().write(7, markedSector(512));
      disk.flush();
    }

    Map<String, Long> hits = hitsBySurface(vm);
    assertThat(hits).containsEntry("STORAGE_MEDIA os", 0L).containsEntry("STORAGE_MEDIA data0", 0L)
        .containsEntry("LINK os", 1L).containsEntry("CACHE_MEDIA data0", 1L).containsEntry("TEMP_MEDIA temp", 1L);
    assertThat(cloud.ledger().total(AccountKind.STORAGE_CLUSTER).cryptoBytes()).isEqualTo(2 * 512);
    assertThat(cloud.ledger().total(AccountKind.VM_VCPU).cryptoBytes()).isZero();

    byte[] back = new byte[512];
    vm.disk("data0").read(7, back);
    assertThat(back).isEqualTo(markedSector(512));

    vm.deallocate();
    keys.disable(kek);
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("disk os").hasMessageContaining("mem://platform/v1")
        .hasCauseInstanceOf(KeyAccessException.class)
        .satisfies(e -> assertThat(((VmStartException) e).keyProblem().orElseThrow().reason())
            .isEqualTo(KeyAccessException.Reason.DISABLED));
    assertThat(vm.state()).isEqualTo(VmState.DEALLOCATED);
  }

  @Test
  void stoppedVm_refusesIo_namingTheDiskAndState() throws Exception {
    VirtualMachine vm = plainVm(Cloud.create("test"));
    vm.stop("platform stopped it");

    assertThatThrownBy(() -> vm.osDisk().read(0, new byte[512]))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("vm1/os").hasMessageContaining("STOPPED").hasMessageContaining("platform stopped it");
  }

  @Test
  void deallocate_wipesTempDiskAndCaches_keepsManagedDisks() throws Exception {
    VirtualMachine vm = plainVm(Cloud.create("test"));
    vm.deallocate();

    assertThat(vm.tempDisk().orElseThrow().hostMedia().sectorsHeld()).isZero();
    assertThat(vm.osDisk().hostMedia().sectorsHeld()).isZero();
    assertThat(vm.osDisk().managedDisk().media().scan(MARKER).hits()).isEqualTo(1);
  }

  @Test
  void twoOptionsAtAHostPlacement_theSecondIsRefused_namingBoth() {
    Cloud cloud = Cloud.create("test");
    cloud.pipeline().insert(Placement.HOST_EGRESS, "option A", (d, b, p) -> b);

    assertThatThrownBy(() -> cloud.pipeline().insert(Placement.HOST_EGRESS, "option B", (d, b, p) -> b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HOST_EGRESS").hasMessageContaining("option A").hasMessageContaining("option B");
    assertThat(cloud.pipeline().at(Placement.HOST_EGRESS)).extracting(Pipeline.Insertion::option).containsExactly("option A");
    cloud.pipeline().insert(Placement.STORAGE, "option A", (d, b, p) -> b);
    assertThat(cloud.pipeline().at(Placement.STORAGE)).as("another placement is fine").hasSize(1);
  }

  @Test
  void twoOptionsAtStorage_stackInInsertionOrder_firstNearestTheMedia() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm1").build();
    InMemoryKeyProvider keys = new InMemoryKeyProvider("test platform");
    String inner = keys.createKey("inner");
    String outer = keys.createKey("outer");
    Map<String, io.diskcrypt.core.keys.WrappedKey> wrapped = new java.util.HashMap<>();
    for (String kek : List.of(inner, outer)) {
      try (var dataKey = keys.newDataKey(kek, 64)) {
        wrapped.put(kek, dataKey.wrapped());
      }
    }
    cloud.pipeline().insert(Placement.STORAGE, "inner option", (d, b, p) -> keys.unwrapIntoLayer(b, wrapped.get(inner), p, "inner"));
    cloud.pipeline().insert(Placement.STORAGE, "outer option", (d, b, p) -> keys.unwrapIntoLayer(b, wrapped.get(outer), p, "outer"));
    vm.start();
    vm.osDisk().write(3, markedSector(512));
    vm.osDisk().flush();

    assertThat(vm.osDisk().pathLayers()).extracting(PathLayer::option).containsExactly("inner option", "outer option");
    EncryptionLayer innerLayer = vm.osDisk().pathLayers().get(0).layer();
    assertThat(innerLayer.below()).isSameAs(vm.osDisk().managedDisk().media());
    assertThat(vm.osDisk().pathLayers().get(1).layer().below()).isSameAs(innerLayer);
    byte[] back = new byte[512];
    vm.osDisk().read(3, back);
    assertThat(back).isEqualTo(markedSector(512));
    assertThat(vm.osDisk().managedDisk().media().scan(MARKER).hits()).isZero();
    vm.stop();
    assertThat(innerLayer.keyEvicted()).isTrue();
    assertThat(vm.osDisk().pathLayers()).isEmpty();
  }

  @Test
  void failedBoot_runsTheStopHooks_andLeavesTheVmDown() throws Exception {
    VirtualMachine vm = Cloud.create("test").vm("vm1").build();
    java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
    vm.addStopHook(stops::incrementAndGet);
    vm.addBootHook(v -> {
      throw new java.security.GeneralSecurityException("secret https://kv/secrets/s/1 is disabled");
    });

    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("secrets/s/1");
    assertThat(stops.get()).isEqualTo(1);
    assertThat(vm.state()).isEqualTo(VmState.DEALLOCATED);
    assertThatThrownBy(() -> vm.osDisk().read(0, new byte[512])).isInstanceOf(DeviceUnavailableException.class);
  }

  @Test
  void terabyteDisk_costsOnlyWhatIsWritten() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("big").dataDisk(Sectors.gib(1024), CachePolicy.NONE).build();
    vm.start();
    BlockDevice data = vm.disk("data0");
    long last = data.sectorCount() - 1;
    data.write(last, markedSector(512));

    byte[] back = new byte[512];
    data.read(last, back);
    assertThat(back).isEqualTo(markedSector(512));
    assertThat(vm.disk("data0").managedDisk().media().sectorsHeld()).isEqualTo(1);
    assertThat(data.sizeBytes()).isEqualTo(1L << 40);
  }

  @Test
  void vmWithoutTempDiskSize_hasNoTempDisk() {
    VirtualMachine vm = Cloud.create("test").vm("v5").size(VmSize.D2AS_V5).build();
    assertThat(vm.tempDisk()).isEmpty();
    assertThat(vm.surfaces()).noneMatch(s -> s.role() == SurfaceRole.TEMP_MEDIA);
  }
}
