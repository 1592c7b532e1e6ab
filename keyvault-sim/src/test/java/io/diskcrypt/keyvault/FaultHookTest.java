package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.keyvault.provider.VaultErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one check before every data-plane call: a test's outage, 429 or latency. */
class FaultHookTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "fault-kv");

  @Test
  void hookSeesEveryCall_andItsFailureIsTheAnswer_auditedAndMappedToUnreachable() throws Exception {
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    List<String> seen = new ArrayList<>();
    service.setFaultHook((v, op) -> {
      seen.add(v + " " + op);
      throw new ServiceUnavailableException("vault " + v + " is unreachable (injected outage)");
    });

    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "s")).isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("fault-kv").satisfies(e -> {
          assertThat(((KeyVaultException) e).httpStatus()).isEqualTo(503);
          assertThat(VaultErrors.map("k", (KeyVaultException) e).reason()).isEqualTo(KeyAccessException.Reason.UNREACHABLE);
        });
    assertThat(seen).containsExactly("fault-kv SecretGet");
    AuditEntry last = service.auditLog().get(service.auditLog().size() - 1);
    assertThat(last.httpStatus()).isEqualTo(503);
    assertThat(last.outcome()).isEqualTo("ServiceUnavailable");

    service.setFaultHook(FaultHook.NONE);
    assertThat(vault.secrets().get(ADMIN, "s").value()).isEqualTo("v");
  }

  @Test
  void injected429_spendsNoBudget_andCarriesRetryAfter() throws Exception {
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    service.setThrottling(true);
    service.setFaultHook((v, op) -> {
      throw new ThrottledException("injected", Duration.ofSeconds(30));
    });
    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "s")).isInstanceOf(ThrottledException.class)
        .satisfies(e -> assertThat(((ThrottledException) e).retryAfter()).isEqualTo(Duration.ofSeconds(30)));

    service.setFaultHook(FaultHook.NONE);
    for (int i = 0; i < 4000; i++) {
      vault.secrets().get(ADMIN, "s"); // the whole budget is still there
    }
    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "s")).isInstanceOf(ThrottledException.class);
  }

  @Test
  void latency_movesTheClockAfterTheCall_butNotFromAClockListener() throws Exception {
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    service.setFaultHook((v, op) -> Duration.ofMillis(250));
    Instant before = service.clock().instant();

    vault.secrets().get(ADMIN, "s");
    vault.secrets().get(ADMIN, "s");
    assertThat(service.clock().instant()).isEqualTo(before.plusMillis(500));

    List<Instant> calledAt = new ArrayList<>();
    service.clock().onAdvance(now -> {
      try {
        vault.secrets().get(ADMIN, "s");
        calledAt.add(now);
      } catch (KeyVaultException e) {
        throw new AssertionError(e);
      }
    });
    service.clock().advance(Duration.ofSeconds(1));
    assertThat(calledAt).hasSize(1);
    assertThat(service.clock().instant()).isEqualTo(before.plusMillis(1500));
  }
}
