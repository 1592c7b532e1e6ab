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

    DeletedKeyBundle d = v.deleteKey(ADMIN, "kek");

    assertThat(d.recoveryId()).isEqualTo("https://sd-kv.vault.azure.net/deletedkeys/kek");
    assertThat(d.scheduledPurgeDate()).isEqualTo(d.deletedDate().plus(Duration.ofDays(90)));
    assertThat(v.getDeletedKey(ADMIN, "kek").key().id()).isEqualTo(k.id());
    assertThatThrownBy(() -> v.getKey(ADMIN, k.id())).isInstanceOf(NotFoundException.class).hasMessageContaining("deleted");
    assertThatThrownBy(() -> v.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> v.deleteKey(ADMIN, "kek")).isInstanceOf(NotFoundException.class);

    v.recoverDeletedKey(ADMIN, "kek");
    assertThat(v.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
  }

  @Test
  void createKey_nameOfDeletedKey_conflict() throws Exception {
    KeyVault v = vault(false, 90);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.deleteKey(ADMIN, "ec");

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

    assertRefused(() -> v.getKey(ADMIN, "nokey"), "KeyNotFound", "key " + base + "keys/nokey does not exist in vault 'sd-kv'");
    assertRefused(() -> v.getSecret(ADMIN, "nosecret"), "SecretNotFound",
        "secret " + base + "secrets/nosecret does not exist in vault 'sd-kv'");
    assertRefused(() -> v.getKey(ADMIN, noVersion), "KeyNotFound", "key version " + noVersion + " does not exist");
    assertRefused(() -> v.getSecret(ADMIN, noVersion.replace("keys/k", "secrets/s")), "SecretNotFound",
        "secret version " + noVersion.replace("keys/k", "secrets/s") + " does not exist");
    assertRefused(() -> v.recoverDeletedKey(ADMIN, "k"), "KeyNotFound", "there is no deleted key named 'k' in vault 'sd-kv'");
    assertRefused(() -> v.recoverDeletedSecret(ADMIN, "s"), "SecretNotFound",
        "there is no deleted secret named 's' in vault 'sd-kv'");

    v.deleteKey(ADMIN, "k");
    v.deleteSecret(ADMIN, "s");

    assertRefused(() -> v.getKey(ADMIN, "k"), "KeyNotFound", "key " + base + "keys/k is deleted (recoverable until ");
    assertRefused(() -> v.getSecret(ADMIN, "s"), "SecretNotFound", "secret " + base + "secrets/s is deleted (recoverable until ");
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
    assertThatThrownBy(() -> v.recoverDeletedKey(ADMIN, "ec")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no deleted key");
  }

  @Test
  void purgeDeletedKey_noProtection_goneForGoodAndNameFree() throws Exception {
    KeyVault v = vault(false, 90);
    KeyBundle old = v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.deleteKey(ADMIN, "ec");
    v.purgeDeletedKey(ADMIN, "ec");

    assertThatThrownBy(() -> v.recoverDeletedKey(ADMIN, "ec")).isInstanceOf(NotFoundException.class);
    KeyBundle fresh = v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> v.getKey(ADMIN, old.id())).isInstanceOf(NotFoundException.class);
    assertThat(v.listKeyVersions(ADMIN, "ec")).extracting(KeyBundle::id).containsExactly(fresh.id());
  }

  @Test
  void purgeDeletedKey_purgeProtection_forbiddenNamingScheduledDate() throws Exception {
    KeyVault v = vault(true, 90);
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    DeletedKeyBundle d = v.deleteKey(ADMIN, "ec");

    assertThatThrownBy(() -> v.purgeDeletedKey(ADMIN, "ec"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("purge protection")
        .hasMessageContaining(d.scheduledPurgeDate().toString());
    assertThat(v.recoverDeletedKey(ADMIN, "ec").attributes().recoveryLevel()).isEqualTo("Recoverable");
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
    v.deleteKey(ADMIN, "ec");
    v.deleteSecret(ADMIN, "s");

    service.clock().advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(v.getDeletedKey(ADMIN, "ec").key().name()).isEqualTo("ec");

    service.clock().advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> v.getDeletedKey(ADMIN, "ec")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> v.recoverDeletedSecret(ADMIN, "s")).isInstanceOf(NotFoundException.class);
    assertThat(v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)).name()).isEqualTo("ec");
  }

  @Test
  void recoveryLevel_reflectsRetentionAndProtection() throws Exception {
    KeyVault custom = vault(false, 30);
    assertThat(custom.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256)).attributes().recoveryLevel())
        .isEqualTo("CustomizedRecoverable+Purgeable");
    custom.setPurgeProtection(true);
    assertThat(custom.getKey(ADMIN, "ec").attributes().recoveryLevel()).isEqualTo("CustomizedRecoverable");
  }

  @Test
  void deleteSecret_recoverAndPurgeFollowTheSameRules() throws Exception {
    KeyVault v = vault(false, 90);
    SecretBundle s = v.setSecret(ADMIN, "s", "x", null, Map.of());
    DeletedSecretBundle d = v.deleteSecret(ADMIN, "s");

    assertThat(d.secretId()).isEqualTo(s.id());
    assertThatThrownBy(() -> v.getSecret(ADMIN, s.id())).isInstanceOf(NotFoundException.class)
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("SecretNotFound");
    assertThatThrownBy(() -> v.setSecret(ADMIN, "s", "y", null, Map.of())).isInstanceOf(ConflictException.class);
    assertThat(v.recoverDeletedSecret(ADMIN, "s").value()).isEqualTo("x");

    v.deleteSecret(ADMIN, "s");
    v.purgeDeletedSecret(ADMIN, "s");
    assertThatThrownBy(() -> v.recoverDeletedSecret(ADMIN, "s")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void purgeDeletedSecret_purgeProtection_forbidden() throws Exception {
    KeyVault v = vault(true, 90);
    v.setSecret(ADMIN, "s", "x", null, Map.of());
    v.deleteSecret(ADMIN, "s");

    assertThatThrownBy(() -> v.purgeDeletedSecret(ADMIN, "s")).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("purge protection");
  }
}
