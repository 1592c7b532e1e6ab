package io.diskcrypt.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.topology.PathLayer;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RevocationTest {
  private static final long[] SECTORS = {0, 3, 64, 1_000_000};

  /** The documented ways to revoke, and how each is undone. */
  enum Revocation {
    DISABLE {
      @Override
      void revoke(Fixture f) throws Exception {
        f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());
      }

      @Override
      void restore(Fixture f) throws Exception {
        f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.enable());
      }
    },
    DELETE {
      @Override
      void revoke(Fixture f) throws Exception {
        f.vault.keys().delete(f.admin, "disk-cmk");
      }

      @Override
      void restore(Fixture f) throws Exception {
        f.vault.keys().recover(f.admin, "disk-cmk");
      }
    },
    EXPIRE {
      @Override
      void revoke(Fixture f) throws Exception {
        f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.builder().expires(f.clock.instant()).build());
      }

      @Override
      void restore(Fixture f) throws Exception {
        f.vault.keys().update(f.admin, f.key.id(),
            KeyAttributesUpdate.builder().expires(f.clock.instant().plus(Duration.ofDays(365))).build());
      }
    },
    REMOVE_PERMISSION {
      @Override
      void revoke(Fixture f) {
        f.vault.removeAccessPolicy(f.desIdentity);
      }

      @Override
      void restore(Fixture f) {
        f.vault.setAccessPolicy(f.desIdentity, KeyPermission.diskEncryptionSet(), Set.of());
      }
    };

    abstract void revoke(Fixture f) throws Exception;

    abstract void restore(Fixture f) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(Revocation.class)
  void revokedKey_graceThenStop_startRefused_restoreThenBitExact(Revocation how) throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    byte[][] written = Fixture.writeRandom(vm.disk("data0"), 7, SECTORS);
    Instant revokedAt = f.clock.instant();

    how.revoke(f);
    f.clock.advance(Duration.ofMinutes(59));

    assertThat(vm.state()).as("%s: within the grace period", how).isEqualTo(VmState.RUNNING);
    vm.disk("data0").read(SECTORS[1], new byte[512]);
    assertThat(des.revokedSince()).contains(revokedAt);

    f.clock.advance(Duration.ofMinutes(1));

    assertThat(vm.state()).as("%s: after the grace period", how).isEqualTo(VmState.STOPPED);
    assertThat(vm.lastStopReason()).contains("disk-cmk");
    assertThatThrownBy(() -> vm.disk("data0").read(0, new byte[512]))
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("disk-cmk");
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("disk-cmk").hasCauseInstanceOf(KeyAccessException.class);
    f.clock.advance(Duration.ofHours(2));
    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class);

    how.restore(f);
    vm.start();

    for (int i = 0; i < SECTORS.length; i++) {
      byte[] back = new byte[512];
      vm.disk("data0").read(SECTORS[i], back);
      assertThat(back).as("%s, seed 7, sector %d", how, SECTORS[i]).isEqualTo(written[i]);
    }
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(des.revokedSince()).isEmpty();
  }

  @Test
  void revokedKey_storageLayersEvictTheirKeys_ioFailsNamingTheKey() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    var layer = vm.disk("data0").pathLayers().stream().map(PathLayer::layer).toList();

    Revocation.DISABLE.revoke(f);
    f.clock.advance(Duration.ofHours(1));

    assertThat(layer).isNotEmpty().allSatisfy(l -> assertThat(l.keyEvicted()).isTrue());
    assertThatThrownBy(() -> layer.get(0).read(0, new byte[512]))
        .isInstanceOf(DeviceUnavailableException.class).hasMessageContaining(f.key.versionlessId());
  }

  @Test
  void keyRestoredWithinGrace_vmNeverStopped() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();

    Revocation.DISABLE.revoke(f);
    f.clock.advance(Duration.ofMinutes(30));
    Revocation.DISABLE.restore(f);
    f.clock.advance(Duration.ofHours(2));

    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    assertThat(des.revokedSince()).isEmpty();
  }

  @Test
  void expiry_datedByTheKeysExpiryTime() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    Instant expiry = f.clock.instant().plus(Duration.ofMinutes(30));
    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.builder().expires(expiry).build());

    f.clock.advance(Duration.ofMinutes(80));
    assertThat(des.revokedSince()).contains(expiry);
    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    f.clock.advance(Duration.ofMinutes(10));
    assertThat(vm.state()).isEqualTo(VmState.STOPPED);
  }

  @Test
  void platformKeyVm_unaffectedByCustomerKeyRevocation() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine cmkVm = f.vm("cmk");
    VirtualMachine pmkVm = f.vm("pmk");
    f.sse.enableCustomerKey(cmkVm, des);
    f.sse.enablePlatformKey(pmkVm);
    cmkVm.start();
    pmkVm.start();

    Revocation.DISABLE.revoke(f);
    f.clock.advance(Duration.ofHours(2));

    assertThat(cmkVm.state()).isEqualTo(VmState.STOPPED);
    assertThat(pmkVm.state()).isEqualTo(VmState.RUNNING);
  }

  @Test
  void deallocatedVm_startRefusedDuringGrace_becauseThePlatformChecksTheKey() throws Exception {
    Fixture f = new Fixture();
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, f.des(false));
    Revocation.EXPIRE.revoke(f);

    assertThatThrownBy(vm::start).isInstanceOf(VmStartException.class)
        .hasMessageContaining("disk-cmk").hasMessageContaining("expired");
  }

  @Test
  void throttledVault_isNoRevocation_theVmKeepsRunning() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    f.vaults.setThrottling(true);
    for (int i = 0; i < 10_000 && !throttled(f); i++) {
      // spend the vault's budget for this 10 s window
    }
    assertThat(throttled(f)).as("the vault throttles").isTrue();

    f.clock.advance(Duration.ofSeconds(1)); // the key watch asks the vault, which answers 429

    assertThat(des.revokedSince()).as("a busy vault says nothing about the key").isEmpty();
    f.clock.advance(Duration.ofHours(2));
    assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    assertThat(des.revokedSince()).isEmpty();
  }

  private static boolean throttled(Fixture f) throws io.diskcrypt.keyvault.KeyVaultException {
    try {
      f.vault.keys().get(f.admin, f.key.id());
      return false;
    } catch (io.diskcrypt.keyvault.ThrottledException e) {
      return true;
    }
  }

  /**
   * Issue 15: a start at the instant the key came back proves the key usable, so a second revocation
   * gets a grace period of its own (the key watch used to clear its mark only on a tick that saw the
   * key healthy, and never stopped the VM again).
   */
  @Test
  void keyBackAndVmStartedAtTheSameInstant_aSecondRevocationStopsTheVmAfterItsOwnGracePeriod() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    VirtualMachine vm = f.vm("vm1");
    f.sse.enableCustomerKey(vm, des);
    vm.start();
    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofHours(1));
    assertThat(vm.state()).as("after the first grace period").isEqualTo(VmState.STOPPED);

    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.enable());
    vm.start();
    Instant secondRevocation = f.clock.instant();
    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());
    f.clock.advance(Duration.ofMinutes(59));

    assertThat(vm.state()).as("within the second grace period").isEqualTo(VmState.RUNNING);
    assertThat(des.revokedSince()).contains(secondRevocation);
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(vm.state()).as("after the second grace period").isEqualTo(VmState.STOPPED);
    assertThat(vm.lastStopReason()).contains("disk-cmk");
  }
}
