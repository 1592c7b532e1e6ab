package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyLifecycleTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "contoso-kv");

  @Test
  void createKey_rsa_idHasTheServiceShapeAndAttributes() throws Exception {
    KeyBundle k = vault.createKey(ADMIN, "disk-kek", KeySpec.rsa(2048).withTags(Map.of("team", "storage")));

    assertThat(k.id()).matches("https://contoso-kv\\.vault\\.azure\\.net/keys/disk-kek/[0-9a-f]{32}");
    assertThat(k.kty()).isEqualTo(KeyType.RSA);
    assertThat(k.size()).isEqualTo(2048);
    assertThat(k.attributes().enabled()).isTrue();
    assertThat(k.attributes().created()).isEqualTo(service.clock().instant());
    assertThat(k.attributes().updated()).isEqualTo(service.clock().instant());
    assertThat(k.attributes().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
    assertThat(k.keyOps()).containsExactlyInAnyOrder(KeyOperation.values());
    assertThat(k.tags()).containsEntry("team", "storage");
    assertThat(k.versionlessId()).isEqualTo("https://contoso-kv.vault.azure.net/keys/disk-kek");
    assertThat(k.toString()).doesNotContain("Modulus").doesNotContain("modulus");
  }

  @Test
  void createKey_twice_makesANewVersionAndTheOldOneStaysUsable() throws Exception {
    KeyBundle v1 = vault.createKey(ADMIN, "k", KeySpec.rsa(2048));
    KeyOperationResult wrapped = vault.wrapKey(ADMIN, v1.versionlessId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]);
    KeyBundle v2 = vault.createKey(ADMIN, "k", KeySpec.rsa(2048));

    assertThat(v2.version()).isNotEqualTo(v1.version());
    assertThat(wrapped.kid()).isEqualTo(v1.id());
    assertThat(vault.keys().get(ADMIN, "k").id()).isEqualTo(v2.id());
    assertThat(vault.keys().get(ADMIN, v1.id()).id()).isEqualTo(v1.id());
    assertThat(vault.unwrapKey(ADMIN, wrapped.kid(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped.value()).value())
        .isEqualTo(new byte[32]);
    assertThat(vault.keys().listVersions(ADMIN, "k")).extracting(VaultObject::id).containsExactly(v1.id(), v2.id());
  }

  @Test
  void rotateKey_manual_newVersionKeepsTypeOpsAndTags() throws Exception {
    KeyBundle v1 = vault.createKey(ADMIN, "k", KeySpec.rsa(2048)
        .withKeyOps(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY).withTags(Map.of("a", "b")));
    service.clock().advance(Duration.ofDays(1));
    KeyBundle v2 = vault.rotateKey(ADMIN, v1.versionlessId());

    assertThat(v2.id()).isNotEqualTo(v1.id());
    assertThat(v2.keyOps()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
    assertThat(v2.tags()).isEqualTo(Map.of("a", "b"));
    assertThat(v2.attributes().created()).isEqualTo(v1.attributes().created().plus(Duration.ofDays(1)));
    assertThat(v2.publicKey()).isNotEqualTo(v1.publicKey());
    assertThat(vault.events()).extracting(VaultEvent::type)
        .containsExactly(VaultEvent.Type.KEY_NEW_VERSION_CREATED, VaultEvent.Type.KEY_NEW_VERSION_CREATED);
  }

  @Test
  void rotateKey_missingKey_notFound() {
    assertThatThrownBy(() -> vault.rotateKey(ADMIN, "nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("keys/nope");
  }

  @Test
  void importKey_rsaPair_vaultUnwrapsWhatThePublicKeyEncrypted() throws Exception {
    KeyBundle k = vault.importKey(ADMIN, "imported", TestVaults.rsa2048(), KeySpec.rsa(0));
    byte[] secret = "thirty-two bytes of data key....".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] wrapped = RsaCrypto.encrypt(TestVaults.rsa2048().getPublic(), KeyWrapAlgorithm.RSA_OAEP_256, secret);

    assertThat(k.size()).isEqualTo(2048);
    assertThat(k.publicKey()).isEqualTo(TestVaults.rsa2048().getPublic());
    assertThat(vault.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(secret);
  }

  @Test
  void importKey_rsaPairAsEc_badParameter() {
    assertThatThrownBy(() -> vault.importKey(ADMIN, "x", TestVaults.rsa2048(), KeySpec.ec(KeyCurve.P_256)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("does not match kty EC");
  }

  @Test
  void createKey_rsa1024_badParameterNamesAllowedSizes() {
    assertThatThrownBy(() -> vault.createKey(ADMIN, "small", KeySpec.rsa(1024)))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("1024").hasMessageContaining("2048, 3072, 4096")
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("BadParameter");
  }

  @Test
  void createKey_rsaHsmInStandardVault_badParameter() {
    assertThatThrownBy(() -> vault.createKey(ADMIN, "hsm", KeySpec.rsaHsm(2048)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("premium");
  }

  @Test
  void createKey_rsaHsmInPremiumVault_created() throws Exception {
    KeyVault premium = TestVaults.vault(service, "premium-kv", b -> b.sku(VaultSpec.Sku.PREMIUM));
    KeyBundle k = premium.createKey(ADMIN, "hsm", KeySpec.rsaHsm(2048));

    assertThat(k.kty()).isEqualTo(KeyType.RSA_HSM);
    assertThat(premium.wrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP, new byte[16]).kid()).isEqualTo(k.id());
  }

  @Test
  void createKey_ecCurves_createdButRefuseWrapAndEncrypt() throws Exception {
    KeyBundle p256 = vault.createKey(ADMIN, "ec256", KeySpec.ec(KeyCurve.P_256));
    KeyBundle p384 = vault.createKey(ADMIN, "ec384", KeySpec.ec(KeyCurve.P_384));

    assertThat(p256.curve()).contains(KeyCurve.P_256);
    assertThat(p384.curve()).contains(KeyCurve.P_384);
    assertThat(p256.keyOps()).containsExactlyInAnyOrder(KeyOperation.SIGN, KeyOperation.VERIFY);
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, p256.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("kty EC").hasMessageContaining(p256.id());
    assertThatThrownBy(() -> vault.encrypt(ADMIN, p384.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("encrypt");
  }

  @Test
  void createKey_ecWithWrapKeyOp_badParameter() {
    assertThatThrownBy(() -> vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256).withKeyOps(KeyOperation.WRAP_KEY)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("wrapKey").hasMessageContaining("sign, verify");
  }

  @Test
  void createKey_ecWithoutCurve_badParameter() {
    KeySpec noCurve = new KeySpec(KeyType.EC, 0, java.util.Optional.empty(), java.util.Set.of(), true,
        java.util.Optional.empty(), java.util.Optional.empty(), Map.of(), false, java.util.Optional.empty());
    assertThatThrownBy(() -> vault.createKey(ADMIN, "ec", noCurve))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("P-256, P-384");
  }

  @Test
  void createKey_sixteenTags_badParameterNamesLimit() {
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i < 16; i++) {
      tags.put("t" + i, "v");
    }
    assertThatThrownBy(() -> vault.createKey(ADMIN, "k", KeySpec.rsa(2048).withTags(tags)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("16 tags").hasMessageContaining("15");
  }

  @Test
  void createKey_nbfNotBeforeExp_badParameter() {
    Instant t = service.clock().instant();
    assertThatThrownBy(() -> vault.createKey(ADMIN, "k", KeySpec.rsa(2048).withNotBefore(t).withExpires(t)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("nbf");
  }

  @Test
  void createKey_badName_badParameter() {
    assertThatThrownBy(() -> vault.createKey(ADMIN, "no_underscores", KeySpec.rsa(2048)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("no_underscores");
  }

  @Test
  void getKey_unknownVersion_notFound() throws Exception {
    KeyBundle k = vault.createKey(ADMIN, "k", KeySpec.ec(KeyCurve.P_256));
    String other = k.versionlessId() + "/" + "0".repeat(32);
    assertThatThrownBy(() -> vault.keys().get(ADMIN, other))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(other)
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("KeyNotFound");
  }

  @Test
  void getKey_idOfAnotherVault_badParameter() {
    assertThatThrownBy(() -> vault.keys().get(ADMIN, "https://other-kv.vault.azure.net/keys/k"))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("contoso-kv");
  }

  @Test
  void updateKey_attributesAndTags_changeOnlyThatVersion() throws Exception {
    KeyBundle v1 = vault.importKey(ADMIN, "k", TestVaults.rsa2048(), KeySpec.rsa(0));
    KeyBundle v2 = vault.importKey(ADMIN, "k", TestVaults.rsa2048(), KeySpec.rsa(0));
    service.clock().advance(Duration.ofHours(1));
    Instant exp = service.clock().instant().plus(Duration.ofDays(30));

    KeyBundle updated = vault.keys().update(ADMIN, v1.id(), KeyAttributesUpdate.builder()
        .expires(exp).tags(Map.of("x", "y")).keyOps(KeyOperation.UNWRAP_KEY).enabled(false).build());

    assertThat(updated.attributes().expires()).contains(exp);
    assertThat(updated.attributes().enabled()).isFalse();
    assertThat(updated.attributes().updated()).isEqualTo(service.clock().instant());
    assertThat(updated.keyOps()).containsExactly(KeyOperation.UNWRAP_KEY);
    assertThat(vault.keys().get(ADMIN, v2.id()).attributes().enabled()).isTrue();
    assertThat(vault.keys().get(ADMIN, v2.id()).tags()).isEmpty();
  }

  @Test
  void updateKey_ecKeyOpsWrap_badParameter() throws Exception {
    KeyBundle ec = vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    assertThatThrownBy(() -> vault.keys().update(ADMIN, ec.id(), KeyAttributesUpdate.builder().keyOps(KeyOperation.WRAP_KEY).build()))
        .isInstanceOf(BadParameterException.class);
  }

  @Test
  void listKeys_returnsCurrentVersionOfLiveKeys() throws Exception {
    vault.createKey(ADMIN, "b", KeySpec.ec(KeyCurve.P_384));
    KeyBundle a = vault.createKey(ADMIN, "a", KeySpec.ec(KeyCurve.P_256));
    vault.createKey(ADMIN, "c", KeySpec.ec(KeyCurve.P_256));
    vault.keys().delete(ADMIN, "c");

    assertThat(vault.keys().list(ADMIN)).extracting(VaultObject::name).containsExactly("a", "b");
    assertThat(vault.keys().list(ADMIN).get(0).id()).isEqualTo(a.id());
  }

  @Test
  void vaultOf_keyUrl_resolvesAndRefusesUnknownOrMalformed() throws Exception {
    assertThat(service.vaultOf("https://CONTOSO-KV.vault.azure.net/keys/k")).isSameAs(vault);
    assertThatThrownBy(() -> service.vaultOf("https://nobody-kv.vault.azure.net/keys/k"))
        .isInstanceOf(NotFoundException.class)
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("VaultNotFound");
    assertThatThrownBy(() -> service.vaultOf("platform://westeurope/pmk"))
        .isInstanceOf(BadParameterException.class);
  }

  @Test
  void createVault_takenName_refused() {
    assertThatThrownBy(() -> service.createVault(VaultSpec.builder("Contoso-KV").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already taken");
  }
}
