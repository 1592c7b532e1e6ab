package io.diskcrypt.testing;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatVm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.media.SurfaceKind;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each fault the kit injects, and what the platform does under it. */
class FaultsTest {
  private final SimulatedRegion region = SimulatedRegion.create();
  private final CustomerKey key = region.customerKey("app-key");

  private VirtualMachine cmkVm(String name, CachePolicy cache) {
    VirtualMachine vm = region.vm(name).dataDisk(Sectors.gib(8), cache).build();
    region.useCustomerKey(vm.disk("data0"), key);
    return vm;
  }

  private static byte[] sectors(int count, int fill) {
    byte[] b = new byte[512 * count];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  private static byte[] read(VirtualDisk disk, long sector, int count) {
    byte[] b = new byte[512 * count];
    disk.read(sector, b);
    return b;
  }

  @Test
  void vaultOutageShorterThanTheGrace_runningVmKeepsRunning_aStartFailsNamingKeyAndVault() throws Exception {
    VirtualMachine running = cmkVm("running", CachePolicy.NONE);
    VirtualMachine other = cmkVm("other", CachePolicy.NONE);
    running.start();
    running.disk("data0").write(0, sectors(1, 7));

    region.faults().vaultOutage(Duration.ofMinutes(50));
    region.advance(Duration.ofMinutes(30));
    assertThatThrownBy(other::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining(key.keyId()).hasMessageContaining(SimulatedRegion.VAULT_NAME).hasMessageContaining("cannot be reached")
        .satisfies(e -> assertThat(((VmStartException) e).keyProblem().orElseThrow().reason()).isEqualTo(Reason.UNREACHABLE));
    assertThat(read(running.disk("data0"), 0, 1)).isEqualTo(sectors(1, 7));

    region.advance(Duration.ofMinutes(20));
    region.advance(Duration.ofHours(2));
    assertThatVm(running).isRunning();
    other.start();
    assertThatVm(other).isRunning();
  }

  @Test
  void vaultOutageLongerThanTheGrace_theKeyWatchStopsTheVmAsForARevocation() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    vm.start();
    region.faults().vaultOutage(Duration.ofHours(3));
    region.advance(Duration.ofMinutes(59));
    assertThatVm(vm).isRunning();
    region.advance(Duration.ofMinutes(1));
    assertThatVm(vm).isStopped().hasStopReasonContaining("cannot be reached");
  }

  @Test
  void outageLaterInTime_startsWhereTold() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    region.faults().vaultOutage(Duration.ofMinutes(10), Duration.ofMinutes(5));
    vm.start();
    vm.stop();
    region.advance(Duration.ofMinutes(10));
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("injected outage");
    region.advance(Duration.ofMinutes(5));
    vm.start();
  }

  @Test
  void throttleNextCalls_failsThatManyWithRetryAfter_thenCallsPass_andTheAuditShowsThe429s() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    region.faults().throttleNextVaultCalls(2, Duration.ofSeconds(30));

    // A start reads the key (a 429 there is no verdict on the key), then unwraps (a 429 there fails it).
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class).hasMessageContaining("retry after 30 s")
        .satisfies(e -> assertThat(((VmStartException) e).keyProblem().orElseThrow().reason()).isEqualTo(Reason.THROTTLED));
    vm.start();
    assertThatVm(vm).isRunning();
    assertThat(region.vaults().auditLog().stream().filter(e -> e.httpStatus() == 429).map(e -> e.operation()))
        .containsExactly("KeyGet", "KeyUnwrap");
  }

  @Test
  void throttleForAWindow_retryAfterIsWhatIsLeft_andTheWindowEnds() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    region.faults().throttleVault(Duration.ofMinutes(10));
    region.advance(Duration.ofMinutes(4));
    assertThatThrownBy(vm::start).hasMessageContaining("retry after 360 s");
    region.advance(Duration.ofMinutes(6));
    vm.start();
    assertThatVm(vm).isRunning();
  }

  @Test
  void latency_eachVaultCallTakesItsTime_aStartIncluded() throws Exception {
    region.faults().vaultLatency(Duration.ofSeconds(2));
    Instant before = region.clock().instant();
    region.vault().keys().get(region.admin(), key.keyId());
    region.vault().keys().get(region.admin(), key.keyId());
    assertThat(region.clock().instant()).isEqualTo(before.plusSeconds(4));

    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    Instant beforeStart = region.clock().instant();
    vm.start();
    assertThat(region.clock().instant()).isAfterOrEqualTo(beforeStart.plusSeconds(2));

    region.faults().vaultLatency(Duration.ZERO);
    Instant now = region.clock().instant();
    region.vault().keys().get(region.admin(), key.keyId());
    assertThat(region.clock().instant()).isEqualTo(now);
  }

  @Test
  void badSector_failsReadsAndWritesThatTouchIt_naming_theDiskAndSector_othersWork() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    vm.start();
    VirtualDisk disk = vm.disk("data0");
    disk.write(0, sectors(8, 1));
    region.faults().failSectors(disk, 5);

    assertThatThrownBy(() -> disk.write(4, sectors(2, 2))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("vm/data0").hasMessageContaining("sector 5");
    assertThatThrownBy(() -> read(disk, 0, 8)).isInstanceOf(UncheckedIOException.class);
    assertThat(read(disk, 0, 5)).isEqualTo(sectors(5, 1));
    disk.write(6, sectors(2, 3));

    region.faults().healDisk(disk);
    assertThat(read(disk, 4, 2)).isEqualTo(sectors(2, 1));
  }

  @Test
  void tornWrite_leavesTheFirstSectorsNewAndTheRestOld_eachSectorWhole() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    vm.start();
    VirtualDisk disk = vm.disk("data0");
    disk.write(0, sectors(8, 0x11));
    region.faults().tearNthWrite(disk, 2, 3);
    disk.write(100, sectors(1, 0x33));

    assertThatThrownBy(() -> disk.write(0, sectors(8, 0x22))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("after 3 of 8 sectors");
    assertThat(read(disk, 0, 3)).isEqualTo(sectors(3, 0x22));
    assertThat(read(disk, 3, 5)).isEqualTo(sectors(5, 0x11));
    disk.write(0, sectors(8, 0x44));
    assertThat(read(disk, 0, 8)).isEqualTo(sectors(8, 0x44));
  }

  @Test
  void failedWriteBack_fromAReadWriteCache_losesNothing_theNextFlushWrites() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.READ_WRITE);
    vm.start();
    VirtualDisk disk = vm.disk("data0");
    disk.write(0, sectors(4, 9));
    region.faults().failNthWrite(disk, 1);

    assertThatThrownBy(disk::flush).isInstanceOf(UncheckedIOException.class);
    disk.flush();
    assertThat(disk.managedDisk().media().sectorsHeld()).isEqualTo(4);
    region.faults().crashHost(vm);
    assertThat(read(disk, 0, 4)).isEqualTo(sectors(4, 9));
  }

  @Test
  void hostCrash_losesUnflushedReadWriteCacheWrites_andDuringAVaultOutageTheVmStaysDown() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.READ_WRITE);
    vm.start();
    VirtualDisk disk = vm.disk("data0");
    disk.write(0, sectors(1, 1));
    disk.flush();
    disk.write(0, sectors(1, 2));

    region.faults().crashHost(vm);
    assertThatVm(vm).isRunning();
    assertThat(read(disk, 0, 1)).isEqualTo(sectors(1, 1));

    region.faults().vaultOutage(Duration.ofMinutes(10));
    region.faults().crashHost(vm);
    assertThatVm(vm).isStopped().hasStopReasonContaining("host failure").hasStopReasonContaining("cannot be reached");
  }

  @Test
  void bitFlips_seeded_garbleOneXtsBlockEach_andTheReadStillSucceeds() throws Exception {
    List<Faults.BitFlip> first = flipOneBitIn(SimulatedRegion.builder().seed(42).build());
    List<Faults.BitFlip> again = flipOneBitIn(SimulatedRegion.builder().seed(42).build());
    assertThat(again).isEqualTo(first);
  }

  private static List<Faults.BitFlip> flipOneBitIn(SimulatedRegion region) throws Exception {
    VirtualMachine vm = region.vm("vm").dataDisk(Sectors.gib(8), CachePolicy.NONE).build();
    region.sse().enablePlatformKey(vm);
    vm.start();
    VirtualDisk disk = vm.disk("data0");
    disk.write(0, sectors(16, 0x5a));

    List<Faults.BitFlip> flips = region.faults().flipBits(disk.managedDisk().media(), 1);

    Faults.BitFlip flip = flips.get(0);
    byte[] back = read(disk, 0, 16);
    int block = (int) (flip.sector() * 512 + flip.bit() / 8 / 16 * 16);
    for (int i = 0; i < back.length; i += 16) {
      boolean same = Arrays.equals(back, i, i + 16, sectors(16, 0x5a), i, i + 16);
      assertThat(same).as("block at byte %d, flip %s", i, flip).isEqualTo(i != block);
    }
    return flips;
  }

  @Test
  void flipBits_refusesASurfaceThatIsNotMediaAtRest_andAnEmptyOne() throws Exception {
    VirtualMachine vm = cmkVm("vm", CachePolicy.NONE);
    vm.start();
    var link = vm.surfaces().stream().filter(s -> s.surface().kind() == SurfaceKind.IN_FLIGHT)
        .findFirst().orElseThrow().surface();
    assertThatThrownBy(() -> region.faults().flipBits(link, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("media at rest");
    assertThatThrownBy(() -> region.faults().flipBits(vm.disk("data0").managedDisk().media(), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 0 sectors");
  }

  @Test
  void storageFaultsNeedAManagedDisk() {
    VirtualMachine vm = region.vm("vm").build();
    VirtualDisk temp = vm.tempDisk().orElseThrow();
    assertThatThrownBy(() -> region.faults().failSectors(temp, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temp disk");
  }
}
