package io.diskcrypt.keyvault.provider;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.AttributesUpdate;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.TestVaults;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ADE-style secrets: a passphrase or BEK in a vault, optionally wrapped by a KEK. */
class VaultSecretsTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "ade-kv", b -> b.enabledForDiskEncryption(true));
  private final VaultSecrets secrets = new VaultSecrets(service, ADMIN);
  private KeyBundle kek;

  @BeforeEach
  void setUp() throws Exception {
    kek = vault.importKey(ADMIN, "ade-kek", TestVaults.rsa2048(), KeySpec.rsa(0));
  }

  /** A Linux ADE passphrase: base64 of 127 random bytes, 172 characters. */
  private static String passphrase() {
    byte[] b = new byte[127];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void store_unwrapped_base64ValueContentTypeBekTagsAndVersionedUrl() throws Exception {
    SecretKeyMaterial bek = SecretKeyMaterial.random(32);
    String name = VaultSecrets.newSecretName();
    String url = secrets.store("ade-kv", name, bek, Map.of("MachineName", "vm1", "VolumeLetter", "C:"));

    SecretBundle s = vault.secrets().get(ADMIN, url);
    assertThat(url).matches("https://ade-kv\\.vault\\.azure\\.net/secrets/[0-9a-f-]{36}/[0-9a-f]{32}");
    assertThat(s.contentType()).contains("BEK");
    assertThat(s.tags()).containsEntry("MachineName", "vm1").doesNotContainKey(VaultSecrets.TAG_KEK_URL);
    assertThat(Base64.getDecoder().decode(s.value())).isEqualTo(bek.copyBytes());
    assertThat(secrets.fetch(url).equalsInConstantTime(bek)).isTrue();
  }

  @Test
  void storeWrapped_default_isRsaOaepSha1TaggedWithExactKekVersion() throws Exception {
    String pass = passphrase();
    assertThat(pass).hasSize(172);
    String url = secrets.storePassphrase("ade-kv", "pp", pass, kek.versionlessId(), Map.of());

    SecretBundle s = vault.secrets().get(ADMIN, url);
    byte[] stored = Base64.getDecoder().decode(s.value());
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.DECRYPT_MODE, TestVaults.rsa2048().getPrivate(),
        new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));

    assertThat(s.contentType()).contains("Wrapped BEK");
    assertThat(s.tags()).containsEntry(VaultSecrets.TAG_KEK_URL, kek.id())
        .containsEntry(VaultSecrets.TAG_KEK_ALGORITHM, "RSA-OAEP");
    assertThat(s.value()).doesNotContain(pass);
    assertThat(new String(c.doFinal(stored), StandardCharsets.UTF_8)).isEqualTo(pass);
    assertThat(new String(secrets.fetch(url).copyBytes(), StandardCharsets.UTF_8)).isEqualTo(pass);
  }

  @ParameterizedTest
  @EnumSource(KeyWrapAlgorithm.class)
  void storeWrapped_eachAlgorithm_roundTripsAndIsTagged(KeyWrapAlgorithm alg) throws Exception {
    SecretKeyMaterial bek = SecretKeyMaterial.random(64);
    String url = secrets.storeWrapped("ade-kv", "bek", bek, kek.id(), alg, Map.of());

    assertThat(vault.secrets().get(ADMIN, url).tags()).containsEntry(VaultSecrets.TAG_KEK_ALGORITHM, alg.wireName());
    assertThat(secrets.fetch(url).equalsInConstantTime(bek)).isTrue();
  }

  @Test
  void fetch_kekDisabled_keyDisabled() throws Exception {
    String url = secrets.storeWrapped("ade-kv", "bek", SecretKeyMaterial.random(32), kek.id(), Map.of());
    vault.keys().update(ADMIN, kek.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> secrets.fetch(url)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED)).hasMessageContaining(kek.id());
  }

  @Test
  void fetch_secretDisabled_keyDisabled() throws Exception {
    String url = secrets.store("ade-kv", "bek", SecretKeyMaterial.random(32), Map.of());
    vault.secrets().update(ADMIN, url, AttributesUpdate.disable());

    assertThatThrownBy(() -> secrets.fetch(url)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED)).hasMessageContaining(url);
  }

  @Test
  void vaultNotEnabledForDiskEncryption_storeAndFetchForbidden() throws Exception {
    String url = secrets.store("ade-kv", "bek", SecretKeyMaterial.random(32), Map.of());
    vault.setEnabledForDiskEncryption(false);

    assertThatThrownBy(() -> secrets.fetch(url)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED))
        .hasMessageContaining("enabledForDiskEncryption");
    assertThatThrownBy(() -> secrets.store("ade-kv", "bek", SecretKeyMaterial.random(32), Map.of()))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED));
  }

  @Test
  void kekInVaultNotEnabledForDiskEncryption_forbidden() throws Exception {
    KeyVault plain = TestVaults.vault(service, "plain-kv");
    KeyBundle otherKek = plain.importKey(ADMIN, "k", TestVaults.rsa2048(), KeySpec.rsa(0));

    assertThatThrownBy(() -> secrets.storeWrapped("ade-kv", "bek", SecretKeyMaterial.random(32), otherKek.id(), Map.of()))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED)).hasMessageContaining("plain-kv");
  }

  @Test
  void fetch_callerWithoutSecretGet_forbidden() throws Exception {
    String url = secrets.store("ade-kv", "bek", SecretKeyMaterial.random(32), Map.of());
    VaultSecrets stranger = new VaultSecrets(service, Identity.managed("vm-2"));

    assertThatThrownBy(() -> stranger.fetch(url)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED));
  }

  @Test
  void fetch_unversionedOrKeyUrl_illegalArgument() {
    assertThatThrownBy(() -> secrets.fetch("https://ade-kv.vault.azure.net/secrets/bek"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("versioned");
    assertThatThrownBy(() -> secrets.fetch(kek.id())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storeWrapped_bekTooLongForKek_refusedWithLimit() {
    SecretKeyMaterial tooLong = SecretKeyMaterial.random(215);
    assertThatThrownBy(() -> secrets.storeWrapped("ade-kv", "bek", tooLong, kek.id(), Map.of()))
        .hasMessageContaining("214");
  }
}
