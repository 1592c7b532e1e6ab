package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rotation policies driven by the simulated clock. */
class RotationPolicyTest {
  private static final Duration DAY = Duration.ofDays(1);
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "rot-kv");

  @Test
  void timeAfterCreate_clockPassesIt_newVersionByTheServiceOldStillUnwraps() throws Exception {
    KeyBundle v1 = vault.createKey(ADMIN, "kek", KeySpec.rsa(2048));
    Instant t0 = service.clock().instant();
    vault.setRotationPolicy(ADMIN, "kek", RotationPolicy.rotateAfterCreate(Duration.ofDays(30)).withExpiryTime(Duration.ofDays(90)));
    byte[] wrapped = vault.wrapKey(ADMIN, v1.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    List<VaultEvent> heard = new ArrayList<>();
    vault.onEvent(heard::add);

    service.clock().advance(Duration.ofDays(29));
    assertThat(vault.keys().get(ADMIN, "kek").id()).isEqualTo(v1.id());

    service.clock().advance(Duration.ofDays(2));
    KeyBundle v2 = vault.keys().get(ADMIN, "kek");
    assertThat(v2.id()).isNotEqualTo(v1.id());
    assertThat(v2.attributes().created()).isEqualTo(t0.plus(Duration.ofDays(30)));
    assertThat(v2.attributes().expires()).contains(t0.plus(Duration.ofDays(120)));
    assertThat(vault.unwrapKey(ADMIN, v1.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
    assertThat(heard).extracting(VaultEvent::type, VaultEvent::objectId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(VaultEvent.Type.KEY_NEW_VERSION_CREATED, v2.id()));
    assertThat(vault.auditLog()).anyMatch(e -> e.operation().equals("KeyRotate")
        && e.caller().equals(Identity.KEY_VAULT_SERVICE) && e.objectId().equals(v2.id()));
  }

  @Test
  void longClockJump_rotatesAtEachDueTime() throws Exception {
    vault.createKey(ADMIN, "kek", KeySpec.ec(KeyCurve.P_256));
    Instant t0 = service.clock().instant();
    vault.setRotationPolicy(ADMIN, "kek", RotationPolicy.rotateAfterCreate(Duration.ofDays(30)));

    service.clock().advance(Duration.ofDays(95));

    assertThat(vault.keys().listVersions(ADMIN, "kek")).extracting(k -> k.attributes().created())
        .containsExactly(t0, t0.plus(Duration.ofDays(30)), t0.plus(Duration.ofDays(60)), t0.plus(Duration.ofDays(90)));
  }

  @Test
  void timeBeforeExpiry_rotatesAndNotifies() throws Exception {
    Instant t0 = service.clock().instant();
    KeyBundle v1 = vault.createKey(ADMIN, "kek", KeySpec.ec(KeyCurve.P_256).withExpires(t0.plus(Duration.ofDays(60))));
    vault.setRotationPolicy(ADMIN, "kek", new RotationPolicy(List.of(
        RotationPolicy.LifetimeAction.rotateBeforeExpiry(Duration.ofDays(10)),
        RotationPolicy.LifetimeAction.notifyBeforeExpiry(Duration.ofDays(20))), Optional.of(Duration.ofDays(60))));

    service.clock().advance(Duration.ofDays(41));
    assertThat(vault.events()).extracting(VaultEvent::type, VaultEvent::objectId)
        .contains(org.assertj.core.groups.Tuple.tuple(VaultEvent.Type.KEY_NEAR_EXPIRY, v1.id()));
    assertThat(vault.keys().get(ADMIN, "kek").id()).isEqualTo(v1.id());

    service.clock().advance(Duration.ofDays(10));
    KeyBundle v2 = vault.keys().get(ADMIN, "kek");
    assertThat(v2.id()).isNotEqualTo(v1.id());
    assertThat(v2.attributes().created()).isEqualTo(t0.plus(Duration.ofDays(50)));
  }

  @Test
  void expiredCurrentVersion_publishesKeyExpired() throws Exception {
    Instant t0 = service.clock().instant();
    KeyBundle k = vault.createKey(ADMIN, "kek", KeySpec.ec(KeyCurve.P_256).withExpires(t0.plus(DAY)));

    service.clock().advance(DAY);

    assertThat(vault.events()).extracting(VaultEvent::type, VaultEvent::objectId, VaultEvent::time)
        .contains(org.assertj.core.groups.Tuple.tuple(VaultEvent.Type.KEY_EXPIRED, k.id(), t0.plus(DAY)));
  }

  @Test
  void getRotationPolicy_returnsWhatWasSet() throws Exception {
    vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThat(vault.getRotationPolicy(ADMIN, "ec")).isEmpty();
    RotationPolicy p = RotationPolicy.rotateAfterCreate(Duration.ofDays(30));
    vault.setRotationPolicy(ADMIN, "ec", p);
    assertThat(vault.getRotationPolicy(ADMIN, "ec")).contains(p);
  }

  static Stream<RotationPolicy> badPolicies() {
    return Stream.of(
        RotationPolicy.rotateAfterCreate(Duration.ofDays(30)).withExpiryTime(Duration.ofDays(27)),
        RotationPolicy.rotateAfterCreate(Duration.ofDays(6)),
        new RotationPolicy(List.of(RotationPolicy.LifetimeAction.rotateBeforeExpiry(Duration.ofDays(10))), Optional.empty()),
        RotationPolicy.rotateAfterCreate(Duration.ofDays(30)).with(RotationPolicy.LifetimeAction.rotateAfterCreate(Duration.ofDays(40))),
        new RotationPolicy(List.of(new RotationPolicy.LifetimeAction(RotationPolicy.LifetimeAction.Type.NOTIFY,
            Optional.of(Duration.ofDays(10)), Optional.empty())), Optional.empty()),
        RotationPolicy.rotateAfterCreate(Duration.ofDays(25)).withExpiryTime(Duration.ofDays(30)));
  }

  @ParameterizedTest
  @MethodSource("badPolicies")
  void setRotationPolicy_breaksAServiceRule_badParameter(RotationPolicy bad) throws Exception {
    vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> vault.setRotationPolicy(ADMIN, "ec", bad))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("rotation policy");
    assertThat(vault.getRotationPolicy(ADMIN, "ec")).isEmpty();
  }

  @Test
  void lifetimeAction_bothOrNoTrigger_refused() {
    assertThatThrownBy(() -> new RotationPolicy.LifetimeAction(RotationPolicy.LifetimeAction.Type.ROTATE,
        Optional.of(DAY), Optional.of(DAY))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RotationPolicy.LifetimeAction(RotationPolicy.LifetimeAction.Type.ROTATE,
        Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletedKey_isNotRotated() throws Exception {
    vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    vault.setRotationPolicy(ADMIN, "ec", RotationPolicy.rotateAfterCreate(Duration.ofDays(30)));
    vault.keys().delete(ADMIN, "ec");

    service.clock().advance(Duration.ofDays(31));
    vault.keys().recover(ADMIN, "ec");

    assertThat(vault.keys().listVersions(ADMIN, "ec")).hasSize(1);
  }
}
