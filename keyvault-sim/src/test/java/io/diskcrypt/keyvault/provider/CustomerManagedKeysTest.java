package io.diskcrypt.keyvault.provider;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.keyvault.BadParameterException;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyCurve;
import io.diskcrypt.keyvault.KeyNotActiveException;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.TestVaults;
import io.diskcrypt.keyvault.ThrottledException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerManagedKeysTest {
  private static final Identity DES = Identity.managed("des-1");
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "cmk-kv", b -> b.purgeProtection(true));
  private final CustomerManagedKeys cmk = new CustomerManagedKeys(service, DES);
  private KeyBundle kek;

  @BeforeEach
  void setUp() throws Exception {
    kek = vault.importKey(ADMIN, "disk-kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    vault.setAccessPolicy(DES, KeyPermission.diskEncryptionSet(), Set.of());
  }

  @Test
  void newDataKey_versionlessUrl_wrappedRecordsExactVersionAndUnwraps() throws Exception {
    try (DataKey dk = cmk.newDataKey(kek.versionlessId(), 64)) {
      WrappedKey w = dk.wrapped();

      assertThat(w.keyId()).isEqualTo(kek.id());
      assertThat(w.algorithm()).isEqualTo("RSA-OAEP-256");
      assertThat(w.ciphertext()).hasSize(256);
      try (SecretKeyMaterial back = cmk.unwrap(w)) {
        assertThat(back.equalsInConstantTime(dk.plaintext())).isTrue();
      }
    }
  }

  @Test
  void rotation_oldWrappedKeysStillUnwrap_newWrapsUseNewVersion() throws Exception {
    DataKey old = cmk.newDataKey(kek.versionlessId(), 32);
    KeyBundle v2 = vault.rotateKey(ADMIN, "disk-kek");

    WrappedKey rewrapped = cmk.wrap(kek.versionlessId(), old.plaintext());

    assertThat(rewrapped.keyId()).isEqualTo(v2.id());
    assertThat(cmk.unwrap(old.wrapped()).equalsInConstantTime(old.plaintext())).isTrue();
    assertThat(cmk.unwrap(rewrapped).equalsInConstantTime(old.plaintext())).isTrue();
  }

  @Test
  void algorithm_configurable_recordedInWrappedKey() throws Exception {
    CustomerManagedKeys oaep = new CustomerManagedKeys(service, DES, KeyWrapAlgorithm.RSA_OAEP);
    WrappedKey w = oaep.wrap(kek.id(), SecretKeyMaterial.random(32));

    assertThat(w.algorithm()).isEqualTo("RSA-OAEP");
    assertThat(cmk.unwrap(w).length()).isEqualTo(32);
  }

  @Test
  void noPermission_keyForbiddenWithVaultCause() {
    vault.removeAccessPolicy(DES);
    assertThatThrownBy(() -> cmk.wrap(kek.id(), SecretKeyMaterial.random(32)))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED)).hasCauseInstanceOf(ForbiddenException.class)
        .hasMessageContaining(kek.id());
  }

  @Test
  void disabledKey_keyDisabledForWrapAndUnwrap() throws Exception {
    WrappedKey w = cmk.wrap(kek.id(), SecretKeyMaterial.random(32));
    vault.keys().update(ADMIN, kek.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> cmk.wrap(kek.id(), SecretKeyMaterial.random(32))).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED))
        .hasCauseInstanceOf(io.diskcrypt.keyvault.KeyDisabledException.class);
    assertThatThrownBy(() -> cmk.unwrap(w)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED));
  }

  @Test
  void expiredKey_wrapDisabledButUnwrapWorksAsTheVault() throws Exception {
    WrappedKey w = cmk.wrap(kek.id(), SecretKeyMaterial.random(32));
    vault.keys().update(ADMIN, kek.id(), KeyAttributesUpdate.builder().expires(service.clock().instant().plusSeconds(60)).build());
    service.clock().advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> cmk.wrap(kek.id(), SecretKeyMaterial.random(32))).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED))
        .hasCauseInstanceOf(KeyNotActiveException.class);
    assertThat(cmk.unwrap(w).length()).isEqualTo(32);
  }

  @Test
  void deletedKey_keyUnavailable() throws Exception {
    WrappedKey w = cmk.wrap(kek.id(), SecretKeyMaterial.random(32));
    vault.keys().delete(ADMIN, "disk-kek");

    assertThatThrownBy(() -> cmk.unwrap(w)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DELETED))
        .hasCauseInstanceOf(NotFoundException.class);
  }

  @Test
  void unknownVault_keyUnavailable() {
    assertThatThrownBy(() -> cmk.wrap("https://gone-kv.vault.azure.net/keys/k", SecretKeyMaterial.random(32)))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
  }

  @Test
  void throttled_keyUnavailable() throws Exception {
    service.setThrottling(true);
    service.clock().advance(Duration.ofSeconds(10));
    SecretKeyMaterial dek = SecretKeyMaterial.random(32);
    for (int i = 0; i < 4000; i++) {
      vault.keys().get(ADMIN, kek.id());
    }
    assertThatThrownBy(() -> cmk.wrap(kek.id(), dek)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.THROTTLED))
        .hasCauseInstanceOf(ThrottledException.class);
  }

  @Test
  void ecKey_rejected() throws Exception {
    KeyBundle ec = vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> cmk.wrap(ec.id(), SecretKeyMaterial.random(32)))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED)).hasCauseInstanceOf(BadParameterException.class);
  }

  @Test
  void unknownAlgorithm_refused() {
    WrappedKey w = new WrappedKey(kek.id(), "AES-KW", new byte[40]);
    assertThatThrownBy(() -> cmk.unwrap(w)).isInstanceOf(KeyAccessException.class).hasMessageContaining("AES-KW");
  }

  @Test
  void holder_namesVaultAndIdentity() {
    assertThat(cmk.holder()).contains("customer-managed").contains("des-1");
  }
}
