package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Soft delete, recover, purge, purge protection and retention on the simulated clock. */
class SoftDeleteTest {
  private final KeyVaultService service = TestVaults.service();

  private KeyVault vault(boolean purgeProtection, int retentionDays) {
    return TestVaults.vault(service, "sd-kv", b -> b.purgeProtection(purgeProtection).softDeleteRetentionDays(retentionDays));
  }

  @Test
  void deleteKey_keyUnreachableButRecoverable_versionsComeBack() throws Exception {
    KeyVault v = vault(false, 90);
    KeyBundle k = v.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    byte[] wrapped = v.wrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();

    DeletedObject<KeyBundle> d = v.keys().delete(ADMIN, "kek");

    assertThat(d.recoveryId()).isEqualTo("https://sd-kv.vault.azure.net/deletedkeys/kek");
    assertThat(d.scheduledPurgeDate()).isEqualTo(d.deletedDate().plus(Duration.ofDays(90)));
    assertThat(v.keys().getDeleted(ADMIN, "kek").object().id()).isEqualTo(k.id());
    assertThatThrownBy(() -> v.keys().get(ADMIN, k.id())).isInstanceOf(NotFoundException.class).hasMessageContaining("deleted");
    assertThatThrownBy(() -> v.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> v.keys().delete(ADMIN, "kek")).isInstanceOf(NotFoundException.class);

    v.keys().recover(ADMIN, "kek");
    assertThat(v.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
  }

  @Test
  void createKey_nameOfDeletedKey_conflict() throws Exception {
    KeyVault v = vault(false, 90);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.keys().delete(ADMIN, "ec");

    assertThatThrownBy(() -> v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("keys/ec")
        .extracting(e -> ((KeyVaultException) e).httpStatus()).isEqualTo(409);
  }

  @Test
  void keysAndSecrets_refuseMissingAndDeletedObjectsInTheSameWords() throws Exception {
    KeyVault v = vault(false, 90);
    String base = "https://sd-kv.vault.azure.net/";
    String noVersion = base + "keys/k/" + "0".repeat(32);
    v.createKey(ADMIN, "k", KeySpec.ec(KeyCurve.P_256));
    v.setSecret(ADMIN, "s", "value", null, Map.of());

    assertRefused(() -> v.keys().get(ADMIN, "nokey"), "KeyNotFound", "key " + base + "keys/nokey does not exist in vault 'sd-kv'");
    assertRefused(() -> v.secrets().get(ADMIN, "nosecret"), "SecretNotFound",
        "secret " + base + "secrets/nosecret does not exist in vault 'sd-kv'");
    assertRefused(() -> v.keys().get(ADMIN, noVersion), "KeyNotFound", "key version " + noVersion + " does not exist");
    assertRefused(() -> v.secrets().get(ADMIN, noVersion.replace("keys/k", "secrets/s")), "SecretNotFound",
        "secret version " + noVersion.replace("keys/k", "secrets/s") + " does not exist");
    assertRefused(() -> v.keys().recover(ADMIN, "k"), "KeyNotFound", "there is no deleted key named 'k' in vault 'sd-kv'");
    assertRefused(() -> v.secrets().recover(ADMIN, "s"), "SecretNotFound",
        "there is no deleted secret named 's' in vault 'sd-kv'");

    v.keys().delete(ADMIN, "k");
    v.secrets().delete(ADMIN, "s");

    assertRefused(() -> v.keys().get(ADMIN, "k"), "KeyNotFound", "key " + base + "keys/k is deleted (recoverable until ");
    assertRefused(() -> v.secrets().get(ADMIN, "s"), "SecretNotFound", "secret " + base + "secrets/s is deleted (recoverable until ");
    assertRefused(() -> v.createKey(ADMIN, "k", KeySpec.ec(KeyCurve.P_256)), "Conflict",
        "key " + base + "keys/k is deleted but recoverable; recover or purge it first");
    assertRefused(() -> v.setSecret(ADMIN, "s", "value", null, Map.of()), "Conflict",
        "secret " + base + "secrets/s is deleted but recoverable; recover or purge it first");
  }

  private static void assertRefused(ThrowingCallable call, String code, String message) {
    assertThatThrownBy(call).isInstanceOf(KeyVaultException.class).hasMessageContaining(message)
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo(code);
  }

  @Test
  void recoverDeletedKey_notDeleted_notFound() throws Exception {
    KeyVault v = vault(false, 90);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> v.keys().recover(ADMIN, "ec")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no deleted key");
  }

  @Test
  void purgeDeletedKey_noProtection_goneForGoodAndNameFree() throws Exception {
    KeyVault v = vault(false, 90);
    KeyBundle old = v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.keys().delete(ADMIN, "ec");
    v.keys().purge(ADMIN, "ec");

    assertThatThrownBy(() -> v.keys().recover(ADMIN, "ec")).isInstanceOf(NotFoundException.class);
    KeyBundle fresh = v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> v.keys().get(ADMIN, old.id())).isInstanceOf(NotFoundException.class);
    assertThat(v.keys().listVersions(ADMIN, "ec")).extracting(VaultObject::id).containsExactly(fresh.id());
  }

  @Test
  void purgeDeletedKey_purgeProtection_forbiddenNamingScheduledDate() throws Exception {
    KeyVault v = vault(true, 90);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    DeletedObject<KeyBundle> d = v.keys().delete(ADMIN, "ec");

    assertThatThrownBy(() -> v.keys().purge(ADMIN, "ec"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("purge protection")
        .hasMessageContaining(d.scheduledPurgeDate().toString());
    assertThat(v.keys().recover(ADMIN, "ec").attributes().recoveryLevel()).isEqualTo("Recoverable");
  }

  @Test
  void purgeProtection_cannotBeTurnedOff_canBeTurnedOn() throws Exception {
    KeyVault off = vault(false, 90);
    off.setPurgeProtection(true);
    assertThat(off.purgeProtection()).isTrue();

    assertThatThrownBy(() -> off.setPurgeProtection(false))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("cannot be turned off");
    assertThat(off.purgeProtection()).isTrue();
  }

  @Test
  void retention_runsOnTheSimulatedClock_recoverableUntilThenPurged() throws Exception {
    KeyVault v = vault(true, 7);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.setSecret(ADMIN, "s", "x", null, Map.of());
    v.keys().delete(ADMIN, "ec");
    v.secrets().delete(ADMIN, "s");

    service.clock().advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(v.keys().getDeleted(ADMIN, "ec").object().name()).isEqualTo("ec");

    service.clock().advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> v.keys().getDeleted(ADMIN, "ec")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> v.secrets().recover(ADMIN, "s")).isInstanceOf(NotFoundException.class);
    assertThat(v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)).name()).isEqualTo("ec");
  }

  @Test
  void recoveryLevel_reflectsRetentionAndProtection() throws Exception {
    KeyVault custom = vault(false, 30);
    assertThat(custom.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)).attributes().recoveryLevel())
        .isEqualTo("CustomizedRecoverable+Purgeable");
    custom.setPurgeProtection(true);
    assertThat(custom.keys().get(ADMIN, "ec").attributes().recoveryLevel()).isEqualTo("CustomizedRecoverable");
  }

  @Test
  void deleteSecret_recoverAndPurgeFollowTheSameRules() throws Exception {
    KeyVault v = vault(false, 90);
    SecretBundle s = v.setSecret(ADMIN, "s", "x", null, Map.of());
    DeletedObject<SecretBundle> d = v.secrets().delete(ADMIN, "s");

    assertThat(d.object().id()).isEqualTo(s.id());
    assertThatThrownBy(() -> v.secrets().get(ADMIN, s.id())).isInstanceOf(NotFoundException.class)
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("SecretNotFound");
    assertThatThrownBy(() -> v.setSecret(ADMIN, "s", "y", null, Map.of())).isInstanceOf(ConflictException.class);
    assertThat(v.secrets().recover(ADMIN, "s").value()).isEqualTo("x");

    v.secrets().delete(ADMIN, "s");
    v.secrets().purge(ADMIN, "s");
    assertThatThrownBy(() -> v.secrets().recover(ADMIN, "s")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void purgeDeletedSecret_purgeProtection_forbidden() throws Exception {
    KeyVault v = vault(true, 90);
    v.setSecret(ADMIN, "s", "x", null, Map.of());
    v.secrets().delete(ADMIN, "s");

    assertThatThrownBy(() -> v.secrets().purge(ADMIN, "s")).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("purge protection");
  }
}
