package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-vault, per-10-second weighted limits on the simulated clock. */
class ThrottlingTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "thr-kv", b -> b.sku(VaultSpec.Sku.PREMIUM));

  @Test
  void throttlingOff_byDefault_noLimit() throws Exception {
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    for (int i = 0; i < 4500; i++) {
      vault.secrets().get(ADMIN, "s");
    }
    assertThat(service.throttling()).isFalse();
  }

  @Test
  void throttlingOn_4000SoftwareOps_nextThrottledWithRetryAfterThenWindowReopens() throws Exception {
    vault.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    service.setThrottling(true);
    service.clock().advance(Duration.ofSeconds(10));

    for (int i = 0; i < 4000; i++) {
      vault.wrapKey(ADMIN, "kek", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]);
    }
    service.clock().advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, "kek", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(ThrottledException.class).hasMessageContaining("thr-kv")
        .satisfies(e -> {
          ThrottledException t = (ThrottledException) e;
          assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(7));
          assertThat(t.httpStatus()).isEqualTo(429);
          assertThat(t.errorCode()).isEqualTo("Throttled");
        });

    service.clock().advance(Duration.ofSeconds(7));
    assertThat(vault.wrapKey(ADMIN, "kek", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).kid()).contains("kek");
  }

  @Test
  void throttledCalls_doNotCountTowardTheLimit() throws Exception {
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    service.setThrottling(true);
    service.clock().advance(Duration.ofSeconds(10));
    for (int i = 0; i < 4000; i++) {
      vault.secrets().get(ADMIN, "s");
    }
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> vault.secrets().get(ADMIN, "s")).isInstanceOf(ThrottledException.class);
    }
    service.clock().advance(Duration.ofSeconds(10));
    for (int i = 0; i < 4000; i++) {
      vault.secrets().get(ADMIN, "s");
    }
    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "s")).isInstanceOf(ThrottledException.class);
  }

  @Test
  void rsa4096_costsEightfold_500OpsPerWindow() throws Exception {
    vault.importKey(ADMIN, "big", TestVaults.rsa4096(), KeySpec.rsa(0));
    service.setThrottling(true);
    service.clock().advance(Duration.ofSeconds(10));

    for (int i = 0; i < 500; i++) {
      vault.wrapKey(ADMIN, "big", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]);
    }
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, "big", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(ThrottledException.class).hasMessageContaining("costs 8");
  }

  @Test
  void hsmCreates_tenPerWindow() throws Exception {
    service.setThrottling(true);
    for (int i = 0; i < 10; i++) {
      vault.createKey(ADMIN, "hsm" + i, KeySpec.ecHsm(KeyCurve.P_256));
    }
    assertThatThrownBy(() -> vault.createKey(ADMIN, "hsm10", KeySpec.ecHsm(KeyCurve.P_256)))
        .isInstanceOf(ThrottledException.class).hasMessageContaining("KeyCreate");
  }

  @Test
  void softwareCreates_twentyPerWindow_otherVaultsUnaffected() throws Exception {
    service.setThrottling(true);
    for (int i = 0; i < 20; i++) {
      vault.createKey(ADMIN, "ec" + i, KeySpec.ec(KeyCurve.P_256));
    }
    assertThatThrownBy(() -> vault.createKey(ADMIN, "ec20", KeySpec.ec(KeyCurve.P_256)))
        .isInstanceOf(ThrottledException.class);
    KeyVault other = TestVaults.vault(service, "thr-kv2");
    assertThat(other.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)).name()).isEqualTo("ec");
  }

  @Test
  void opCost_followsTheServiceTable() {
    assertThat(Throttle.opCost(KeyType.RSA, 2048)).isEqualTo(1);
    assertThat(Throttle.opCost(KeyType.RSA, 3072)).isEqualTo(4);
    assertThat(Throttle.opCost(KeyType.RSA_HSM, 2048)).isEqualTo(2);
    assertThat(Throttle.opCost(KeyType.RSA_HSM, 3072)).isEqualTo(8);
    assertThat(Throttle.opCost(KeyType.RSA_HSM, 4096)).isEqualTo(16);
    assertThat(Throttle.opCost(KeyType.EC_HSM, 0)).isEqualTo(2);
    assertThat(Throttle.createCost(KeyType.RSA)).isEqualTo(200);
  }
}
