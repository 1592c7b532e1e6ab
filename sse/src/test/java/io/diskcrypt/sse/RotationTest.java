package io.diskcrypt.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.RotationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RotationTest {

  /** Every held sector's raw bytes, to show rotation touched none. */
  private static Map<Long, byte[]> snapshot(SparseMedia media) {
    Map<Long, byte[]> all = new LinkedHashMap<>();
    for (long sector : media.heldSectors()) {
      all.put(sector, media.readRaw(sector).orElseThrow());
    }
    return all;
  }

  private static boolean sameBytes(Map<Long, byte[]> a, Map<Long, byte[]> b) {
    return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
  }

  private static String slotKeyId(VirtualMachine vm, String disk) {
    return vm.disk(disk).managedDisk().wrappedKey(DiskKeys.DATA_KEY_SLOT).keyId();
  }

  @Test
  void autoRotation_rewrapsWithinAnHour_noSectorReencrypted_vmKeepsRunning() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(true);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    long[] sectors = {0, 5, 99, 123_456};
    byte[][] written = Fixture.writeRandom(vm.disk("data0"), 42, sectors);
    Map<Long, byte[]> before = snapshot(vm.disk("data0").managedDisk().media());
    long reencryptedBefore = f.sse.dataSectorsReencrypted();
    Instant rotatedAt = f.clock.instant();

    KeyBundle v2 = f.vault.rotateKey(f.admin, "disk-cmk");
    f.clock.advance(Duration.ofMinutes(10));

    assertThat(des.activeKeyUrl()).isEqualTo(v2.id());
    assertThat(des.previousKeys()).containsExactly(f.key.id());
    assertThat(slotKeyId(vm, "data0")).as("old version still wraps until the re-wrap").isEqualTo(f.key.id());
    assertThat(des.lastKeyRotationTimestamp()).isEmpty();

    f.clock.advance(Duration.ofMinutes(50));

    assertThat(des.previousKeys()).isEmpty();
    assertThat(slotKeyId(vm, "data0")).isEqualTo(v2.id());
    assertThat(slotKeyId(vm, "os")).isEqualTo(v2.id());
    assertThat(des.lastKeyRotationTimestamp()).get().satisfies(
        t -> assertThat(t).isAfter(rotatedAt).isBeforeOrEqualTo(rotatedAt.plus(Duration.ofHours(1))));
    assertThat(f.sse.dataSectorsReencrypted() - reencryptedBefore).isZero();
    assertThat(sameBytes(before, snapshot(vm.disk("data0").managedDisk().media()))).isTrue();
    assertThat(vm.state()).as("not rebooted").isEqualTo(VmState.RUNNING);
    vm.deallocate();
    vm.start();
    for (int i = 0; i < sectors.length; i++) {
      byte[] back = new byte[512];
      vm.disk("data0").read(sectors[i], back);
      assertThat(back).as("seed 42, sector %d", sectors[i]).isEqualTo(written[i]);
    }
  }

  @Test
  void autoRotation_byVaultRotationPolicy_followed() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(true);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    f.vault.setRotationPolicy(f.admin, "disk-cmk", RotationPolicy.rotateAfterCreate(Duration.ofDays(30)));

    f.clock.advance(Duration.ofDays(31));

    assertThat(des.activeKeyUrl()).isNotEqualTo(f.key.id());
    assertThat(slotKeyId(vm, "os")).isEqualTo(des.activeKeyUrl());
    assertThat(des.lastKeyRotationTimestamp()).isPresent();
  }

  @Test
  void autoRotationOff_newVersionIgnored() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);

    f.vault.rotateKey(f.admin, "disk-cmk");
    f.clock.advance(Duration.ofHours(5));

    assertThat(des.activeKeyUrl()).isEqualTo(f.key.id());
    assertThat(slotKeyId(vm, "os")).isEqualTo(f.key.id());
    assertThat(des.previousKeys()).isEmpty();
  }

  @Test
  void manualKeyChange_rewrapsWithinAnHour() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    KeyBundle v2 = f.vault.rotateKey(f.admin, "disk-cmk");

    f.sse.updateActiveKey(des, v2.id());
    assertThat(des.previousKeys()).containsExactly(f.key.id());
    f.clock.advance(Duration.ofHours(1));

    assertThat(slotKeyId(vm, "os")).isEqualTo(v2.id());
    assertThat(des.previousKeys()).isEmpty();
    assertThat(f.sse.dataSectorsReencrypted()).isZero();
  }

  @Test
  void oldVersionDisabledBeforeRewrap_rotationErrorShown_andDisksStillOnOldVersion() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(true);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    f.vault.rotateKey(f.admin, "disk-cmk");
    f.clock.advance(Duration.ofMinutes(1));

    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofHours(1));

    assertThat(des.autoKeyRotationError()).get().asString().contains(f.key.id());
    assertThat(des.previousKeys()).containsExactly(f.key.id());
    assertThat(slotKeyId(vm, "os")).isEqualTo(f.key.id());
    assertThat(des.keyProblem()).get().asString().contains("disabled");
  }

  @Test
  void oldVersionDisabledAfterRewrap_noEffect() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(true);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    f.vault.rotateKey(f.admin, "disk-cmk");
    f.clock.advance(Duration.ofHours(1));

    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofHours(3));

    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    assertThat(des.revokedSince()).isEmpty();
    vm.deallocate();
    vm.start();
  }
}
