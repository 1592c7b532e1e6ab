package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.ImportKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.diskcrypt.keyvault.AuditEntry;
import io.diskcrypt.keyvault.VaultSpec;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Azure SDK for Java ({@code KeyClient}, {@code CryptographyClient}) against the server: every
 * key operation, and every error status the SDK surfaces. One premium vault with purge protection off
 * serves the class; each test uses its own key names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysSdkTest {
  private Served s;
  private KeyClient keys;

  @BeforeAll
  void start() throws Exception {
    s = Served.start("sdk-keys", b -> b.sku(VaultSpec.Sku.PREMIUM));
    keys = s.keys(Served.ADMIN);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  static Stream<Arguments> keyShapes() {
    return Stream.of(
        Arguments.of("rsa2048", KeyType.RSA, 2048, null),
        Arguments.of("rsa3072", KeyType.RSA, 3072, null),
        Arguments.of("rsa4096", KeyType.RSA, 4096, null),
        Arguments.of("rsahsm2048", KeyType.RSA_HSM, 2048, null),
        Arguments.of("ec256", KeyType.EC, 0, KeyCurveName.P_256),
        Arguments.of("echsm384", KeyType.EC_HSM, 0, KeyCurveName.P_384));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyShapes")
  void create_thenGet_sameKeyAndPublicPart(String name, KeyType kty, int size, KeyCurveName curve) {
    KeyVaultKey created = curve == null
        ? keys.createRsaKey(new CreateRsaKeyOptions(name).setKeySize(size).setHardwareProtected(kty == KeyType.RSA_HSM))
        : keys.createEcKey(new CreateEcKeyOptions(name).setCurveName(curve).setHardwareProtected(kty == KeyType.EC_HSM));

    KeyVaultKey got = keys.getKey(name);

    assertThat(created.getId()).startsWith(s.server.uri() + "/keys/" + name + "/").matches(".*/[0-9a-f]{32}");
    assertThat(got.getId()).isEqualTo(created.getId());
    assertThat(got.getKeyType()).isEqualTo(kty);
    assertThat(got.getProperties().isEnabled()).isTrue();
    assertThat(got.getProperties().getRecoveryLevel()).isEqualTo("Recoverable+Purgeable");
    assertThat(got.getProperties().getRecoverableDays()).isEqualTo(90);
    if (curve == null) {
      RSAPublicKey pub = (RSAPublicKey) got.getKey().toRsa().getPublic();
      assertThat(pub.getModulus().bitLength()).isEqualTo(size);
      assertThat(got.getKeyOperations()).containsExactlyInAnyOrder(KeyOperation.ENCRYPT, KeyOperation.DECRYPT,
          KeyOperation.SIGN, KeyOperation.VERIFY, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
    } else {
      ECPublicKey pub = (ECPublicKey) got.getKey().toEc().getPublic();
      assertThat(pub.getParams().getCurve().getField().getFieldSize()).isEqualTo(curve == KeyCurveName.P_256 ? 256 : 384);
      assertThat(got.getKey().getCurveName()).isEqualTo(curve);
    }
  }

  @Test
  void hsmKeyInStandardVault_400NamingTheSku() throws Exception {
    try (Served standard = Served.start("sdk-standard")) {
      HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> standard.keys(Served.ADMIN)
          .createRsaKey(new CreateRsaKeyOptions("hsm").setHardwareProtected(true)));

      assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
      assertThat(e.getMessage()).contains("\"code\":\"BadParameter\"").contains("premium");
    }
  }

  @Test
  void import_thenServerEncrypts_andTheJdkDecryptsWithThePrivateHalf() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    KeyVaultKey imported = keys.importKey(new ImportKeyOptions("imported",
        JsonWebKey.fromRsa(pair, List.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY, KeyOperation.ENCRYPT))));
    byte[] dek = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    byte[] wrapped = s.crypto(Served.ADMIN, imported.getId()).wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey();

    Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
    jdk.init(Cipher.DECRYPT_MODE, pair.getPrivate(), new OAEPParameterSpec("SHA-256", "MGF1",
        MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    assertThat(jdk.doFinal(wrapped)).isEqualTo(dek);
    assertThat(imported.getKeyOperations()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY,
        KeyOperation.ENCRYPT);
    assertThat(((RSAPublicKey) imported.getKey().toRsa().getPublic()).getModulus())
        .isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"RSA1_5", "RSA-OAEP", "RSA-OAEP-256"})
  void encryptDecryptWrapUnwrap_eachAlgorithm_roundTrips_theVaultDoesThePrivateHalf(String algName) {
    EncryptionAlgorithm alg = EncryptionAlgorithm.fromString(algName);
    KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("alg-" + algName.replace('_', '-')));
    CryptographyClient c = s.crypto(Served.ADMIN, k.getId());
    byte[] plain = new byte[32];
    new java.util.Random(7).nextBytes(plain);
    int before = s.vault.auditLog().size();

    byte[] ct = c.encrypt(alg, plain).getCipherText();
    byte[] wrapped = c.wrapKey(KeyWrapAlgorithm.fromString(algName), plain).getEncryptedKey();

    assertThat(ct).hasSize(256);
    assertThat(c.decrypt(alg, ct).getPlainText()).isEqualTo(plain);
    assertThat(c.unwrapKey(KeyWrapAlgorithm.fromString(algName), wrapped).getKey()).isEqualTo(plain);
    // The private-key half always runs in the vault. SDK 4.11 does the public half (encrypt, wrap) itself
    // with the key it fetched for RSA1_5 and RSA-OAEP, and sends RSA-OAEP-256 to the vault: so the
    // vault's JDK decrypts what the SDK's own RSA encrypted, and the other way round.
    List<String> ops = s.vault.auditLog().subList(before, s.vault.auditLog().size()).stream()
        .map(AuditEntry::operation).toList();
    assertThat(ops).contains("KeyDecrypt", "KeyUnwrap");
    if (algName.equals("RSA-OAEP-256")) {
      assertThat(ops).contains("KeyEncrypt", "KeyWrap");
    } else {
      assertThat(ops).doesNotContain("KeyEncrypt", "KeyWrap");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"RS256, RSA, SHA256withRSA", "PS256, RSA, RSASSA-PSS",
      "ES256, EC, SHA256withECDSAinP1363Format"})
  void signData_inTheVault_jdkAndSdkVerify_tamperedFails(String algName, String kty, String jdkName) throws Exception {
    KeyVaultKey k = kty.equals("RSA") ? keys.createRsaKey(new CreateRsaKeyOptions("sign-" + algName))
        : keys.createEcKey(new CreateEcKeyOptions("sign-" + algName).setCurveName(KeyCurveName.P_256));
    CryptographyClient c = s.crypto(Served.ADMIN, k.getId());
    byte[] message = ("signed by " + algName).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    SignatureAlgorithm alg = SignatureAlgorithm.fromString(algName);
    int before = s.vault.auditLog().size();

    SignResult signed = c.signData(alg, message);

    assertThat(signed.getKeyId()).isEqualTo(k.getId());
    assertThat(s.vault.auditLog().subList(before, s.vault.auditLog().size())).extracting(AuditEntry::operation)
        .contains("KeySign");
    java.security.Signature jdk = java.security.Signature.getInstance(jdkName);
    if (algName.equals("PS256")) {
      jdk.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    jdk.initVerify(kty.equals("RSA") ? k.getKey().toRsa().getPublic() : k.getKey().toEc().getPublic());
    jdk.update(message);
    assertThat(jdk.verify(signed.getSignature())).as("the JDK accepts the vault's %s signature", algName).isTrue();
    assertThat(c.verifyData(alg, message, signed.getSignature()).isValid()).isTrue();
    byte[] tampered = signed.getSignature();
    tampered[3] ^= 1;
    assertThat(c.verifyData(alg, message, tampered).isValid()).isFalse();
  }

  @Test
  void versions_getByVersion_listVersions_andRotate() {
    KeyVaultKey v1 = keys.createRsaKey(new CreateRsaKeyOptions("versioned"));
    KeyVaultKey v2 = keys.createRsaKey(new CreateRsaKeyOptions("versioned"));
    KeyVaultKey v3 = keys.rotateKey("versioned");

    assertThat(keys.getKey("versioned", v1.getProperties().getVersion()).getId()).isEqualTo(v1.getId());
    assertThat(keys.getKey("versioned").getId()).isEqualTo(v3.getId());
    assertThat(keys.listPropertiesOfKeyVersions("versioned").stream().map(KeyProperties::getVersion))
        .containsExactlyInAnyOrder(v1.getProperties().getVersion(), v2.getProperties().getVersion(),
            v3.getProperties().getVersion());
    assertThat(keys.listPropertiesOfKeys().stream().map(KeyProperties::getName)).contains("versioned");
  }

  @Test
  void listKeys_morePagesThanOne_sdkFollowsNextLink() throws Exception {
    try (Served many = Served.start("sdk-pages")) {
      for (int i = 0; i < 30; i++) {
        many.vault.importKey(Served.ADMIN, "k" + i, rsa(), io.diskcrypt.keyvault.KeySpec.rsa(0));
      }

      assertThat(many.keys(Served.ADMIN).listPropertiesOfKeys().stream().map(KeyProperties::getName)).hasSize(30)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void update_disable_cryptoRefused403KeyDisabled_readStillWorks_enableAgain() {
    KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("to-disable"));
    CryptographyClient c = s.crypto(Served.ADMIN, k.getId());
    byte[] wrapped = c.wrapKey(KeyWrapAlgorithm.RSA_OAEP, new byte[32]).getEncryptedKey();

    keys.updateKeyProperties(k.getProperties().setEnabled(false));

    HttpResponseException e = catchThrowableOfType(HttpResponseException.class,
        () -> c.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped));
    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
    assertThat(e.getMessage()).contains("\"code\":\"Forbidden\"").contains("\"innererror\":{\"code\":\"KeyDisabled\"}")
        .contains("Operation unwrapKey is not allowed on a disabled key.");
    assertThat(keys.getKey("to-disable").getProperties().isEnabled()).isFalse();

    keys.updateKeyProperties(keys.getKey("to-disable").getProperties().setEnabled(true));
    assertThat(c.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey()).hasSize(32);
  }

  @Test
  void update_expiresInThePast_wrapRefused_unwrapStillAllowed_tagsAndKeyOpsKept() {
    KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("expiring"));
    CryptographyClient c = s.crypto(Served.ADMIN, k.getId());
    byte[] wrapped = c.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).getEncryptedKey();
    OffsetDateTime now = OffsetDateTime.ofInstant(s.clock.instant(), ZoneOffset.UTC);

    KeyVaultKey updated = keys.updateKeyProperties(k.getProperties().setExpiresOn(now.plusDays(1))
        .setTags(Map.of("owner", "team-a")), KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
    s.clock.advance(Duration.ofDays(2));

    assertThat(updated.getProperties().getExpiresOn()).isEqualTo(now.plusDays(1));
    assertThat(updated.getProperties().getTags()).containsEntry("owner", "team-a");
    assertThat(updated.getKeyOperations()).containsExactlyInAnyOrder(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
    HttpResponseException e = catchThrowableOfType(HttpResponseException.class,
        () -> c.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]));
    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
    assertThat(e.getMessage()).contains("KeyExpired");
    assertThat(c.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey()).hasSize(32);
  }

  @Test
  void missingKey_404KeyNotFound_withTheServiceMessage() {
    ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class, () -> keys.getKey("nope"));

    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains("\"code\":\"KeyNotFound\"")
        .contains("A key with (name/id) nope was not found in this key vault.");
  }

  @Test
  void delete_getDeleted_nameHeld409_recover_deleteAgain_purge() {
    KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("lifecycle"));

    DeletedKey deleted = keys.beginDeleteKey("lifecycle").waitForCompletion().getValue();
    assertThat(deleted.getRecoveryId()).isEqualTo(s.server.uri() + "/deletedkeys/lifecycle");
    assertThat(deleted.getScheduledPurgeDate()).isEqualTo(deleted.getDeletedOn().plusDays(90));
    assertThat(keys.getDeletedKey("lifecycle").getId()).isEqualTo(k.getId());
    assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> keys.getKey("lifecycle"))).isNotNull();
    ResourceModifiedException conflict = catchThrowableOfType(ResourceModifiedException.class,
        () -> keys.createRsaKey(new CreateRsaKeyOptions("lifecycle")));
    assertThat(conflict.getResponse().getStatusCode()).isEqualTo(409);
    assertThat(conflict.getMessage()).contains("\"code\":\"Conflict\"")
        .contains("Key lifecycle is currently in a deleted but recoverable state");

    KeyVaultKey recovered = keys.beginRecoverDeletedKey("lifecycle").waitForCompletion().getValue();
    assertThat(recovered.getId()).isEqualTo(k.getId());
    assertThat(keys.getKey("lifecycle").getId()).isEqualTo(k.getId());

    keys.beginDeleteKey("lifecycle").waitForCompletion();
    keys.purgeDeletedKey("lifecycle");
    assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> keys.getDeletedKey("lifecycle"))).isNotNull();
    assertThat(keys.createRsaKey(new CreateRsaKeyOptions("lifecycle")).getId()).isNotEqualTo(k.getId());
  }

  @Test
  void purgeProtection_purgeRefused403() throws Exception {
    try (Served protectedVault = Served.start("sdk-protected", b -> b.purgeProtection(true))) {
      KeyClient c = protectedVault.keys(Served.ADMIN);
      c.createRsaKey(new CreateRsaKeyOptions("kept"));
      c.beginDeleteKey("kept").waitForCompletion();

      HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> c.purgeDeletedKey("kept"));

      assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
      assertThat(e.getMessage()).contains("purge protection");
      assertThat(c.getDeletedKey("kept").getProperties().getRecoveryLevel()).isEqualTo("Recoverable");
    }
  }

  @Test
  void rotationPolicy_defaultNotify30Days_thenSetAndRead_thenTheClockRotates() {
    KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("rotating"));

    KeyRotationPolicy initial = keys.getKeyRotationPolicy("rotating");
    assertThat(initial.getLifetimeActions()).singleElement().satisfies(a -> {
      assertThat(a.getAction()).isEqualTo(KeyRotationPolicyAction.NOTIFY);
      assertThat(a.getTimeBeforeExpiry()).isEqualTo("P30D");
    });

    KeyRotationPolicy set = keys.updateKeyRotationPolicy("rotating", new KeyRotationPolicy()
        .setLifetimeActions(List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P30D")))
        .setExpiresIn("P90D"));
    assertThat(set.getExpiresIn()).isEqualTo("P90D");
    assertThat(keys.getKeyRotationPolicy("rotating").getLifetimeActions()).singleElement()
        .satisfies(a -> assertThat(a.getTimeAfterCreate()).isEqualTo("P30D"));

    s.clock.advance(Duration.ofDays(31));
    assertThat(keys.getKey("rotating").getId()).isNotEqualTo(k.getId());
  }

  @Test
  void rotationPolicy_breakingTheServiceRules_400() {
    keys.createRsaKey(new CreateRsaKeyOptions("bad-policy"));

    HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> keys.updateKeyRotationPolicy(
        "bad-policy", new KeyRotationPolicy().setLifetimeActions(
            List.of(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P1D")))));

    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
  }

  @Test
  void randomBytes_countBytes_andOutOfRange400() {
    assertThat(keys.getRandomBytes(32)).hasSize(32).isNotEqualTo(new byte[32]);

    HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> keys.getRandomBytes(129));
    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
  }

  @Test
  void throttled_sdkGets429() throws Exception {
    try (Served busy = Served.start("sdk-throttle")) {
      busy.service.setThrottling(true);
      KeyClient c = busy.keys(Served.ADMIN);
      for (int i = 0; i < 20; i++) {
        c.createRsaKey(new CreateRsaKeyOptions("k" + i));
      }

      HttpResponseException e = catchThrowableOfType(HttpResponseException.class,
          () -> c.createRsaKey(new CreateRsaKeyOptions("one-too-many")));

      assertThat(e.getResponse().getStatusCode()).isEqualTo(429);
      assertThat(e.getResponse().getHeaderValue("Retry-After")).isEqualTo("10");
      assertThat(e.getMessage()).contains("\"code\":\"Throttled\"");
    }
  }

  @Test
  void unknownIdentity_sdkGets401() {
    KeyClient stranger = new com.azure.security.keyvault.keys.KeyClientBuilder().vaultUrl(s.server.uri().toString())
        .credential(Served.token(io.diskcrypt.keyvault.Identity.user("stranger"))).httpClient(s.sdkHttp())
        .disableChallengeResourceVerification().buildClient();

    HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> stranger.getKey("anything"));

    assertThat(e.getResponse().getStatusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(names = {"V7_4", "V7_5", "V7_6", "V2025_07_01"})
  void everySupportedApiVersion_worksEndToEnd(KeyServiceVersion version) {
    KeyClient c = s.keys(Served.ADMIN, version);
    String name = "api-" + version.getVersion().replace('.', '-');

    KeyVaultKey k = c.createRsaKey(new CreateRsaKeyOptions(name));

    assertThat(c.getKey(name).getId()).isEqualTo(k.getId());
  }

  @ParameterizedTest
  @EnumSource(names = {"V7_2", "V7_3"})
  void olderApiVersions_400(KeyServiceVersion version) {
    HttpResponseException e = catchThrowableOfType(HttpResponseException.class,
        () -> s.keys(Served.ADMIN, version).getKey("anything"));

    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("The specified version (" + version.getVersion() + ") is not recognized.");
  }

  private static KeyPair rsa;

  static synchronized KeyPair rsa() throws Exception {
    if (rsa == null) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      rsa = g.generateKeyPair();
    }
    return rsa;
  }
}
