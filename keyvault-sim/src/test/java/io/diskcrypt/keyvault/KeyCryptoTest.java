package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.testing.Seeds;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The four RSA operations: real crypto, exact algorithms, limits, and the state rules. */
class KeyCryptoTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "crypto-kv");
  private KeyBundle key;

  @BeforeEach
  void importSharedKey() throws Exception {
    key = vault.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
  }

  static Stream<Arguments> algorithmsAndSeeds() {
    long base = Seeds.base();
    return Stream.of(KeyWrapAlgorithm.values())
        .flatMap(a -> Stream.of(0, 1, 2).map(i -> Arguments.of(a, base + a.ordinal() * 10L + i)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("algorithmsAndSeeds")
  void wrapThenUnwrap_randomKeys_roundTripAndKidIsExactVersion(KeyWrapAlgorithm alg, long seed) throws Exception {
    SplittableRandom r = Seeds.random(seed);
    byte[] dek = new byte[1 + r.nextInt(alg.maxPlaintextBytes(2048))];
    r.nextBytes(dek);

    KeyOperationResult w = vault.wrapKey(ADMIN, key.versionlessId(), alg, dek);
    KeyOperationResult u = vault.unwrapKey(ADMIN, w.kid(), alg, w.value());

    assertThat(w.kid()).as("seed %d", seed).isEqualTo(key.id());
    assertThat(w.value()).as("seed %d", seed).hasSize(256).isNotEqualTo(dek);
    assertThat(u.value()).as("seed %d", seed).isEqualTo(dek);
  }

  @ParameterizedTest
  @MethodSource("algorithmsAndSeeds")
  void encryptThenDecrypt_randomData_roundTrip(KeyWrapAlgorithm alg, long seed) throws Exception {
    SplittableRandom r = Seeds.random(seed);
    byte[] data = new byte[1 + r.nextInt(alg.maxPlaintextBytes(2048))];
    r.nextBytes(data);

    KeyOperationResult e = vault.encrypt(ADMIN, key.id(), alg, data);

    assertThat(vault.decrypt(ADMIN, e.kid(), alg, e.value()).value()).as("seed %d", seed).isEqualTo(data);
  }

  @Test
  void wrapKey_rsaOaep256_isSha256WithMgf1Sha256() throws Exception {
    byte[] dek = new byte[32];
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, dek).value();

    assertThat(jdkDecrypt(wrapped, "SHA-256", MGF1ParameterSpec.SHA256)).isEqualTo(dek);
    assertThatThrownBy(() -> jdkDecrypt(wrapped, "SHA-256", MGF1ParameterSpec.SHA1)).isInstanceOf(BadPaddingException.class);
  }

  @Test
  void wrapKey_rsaOaep_isSha1WithMgf1Sha1() throws Exception {
    byte[] dek = new byte[32];
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP, dek).value();

    assertThat(jdkDecrypt(wrapped, "SHA-1", MGF1ParameterSpec.SHA1)).isEqualTo(dek);
    assertThatThrownBy(() -> jdkDecrypt(wrapped, "SHA-256", MGF1ParameterSpec.SHA256)).isInstanceOf(BadPaddingException.class);
  }

  @Test
  void wrapKey_rsa15_isPkcs1v15() throws Exception {
    byte[] dek = new byte[32];
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA1_5, dek).value();
    Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    c.init(Cipher.DECRYPT_MODE, TestVaults.rsa2048().getPrivate());

    assertThat(c.doFinal(wrapped)).isEqualTo(dek);
  }

  private static byte[] jdkDecrypt(byte[] ct, String hash, MGF1ParameterSpec mgf) throws Exception {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.DECRYPT_MODE, TestVaults.rsa2048().getPrivate(),
        new OAEPParameterSpec(hash, "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return c.doFinal(ct);
  }

  @ParameterizedTest
  @EnumSource(KeyWrapAlgorithm.class)
  void wrapKey_plaintextAtLimit_acceptedOneMore_refusedWithLimit(KeyWrapAlgorithm alg) throws Exception {
    int max = alg.maxPlaintextBytes(2048);
    assertThat(vault.wrapKey(ADMIN, key.id(), alg, new byte[max]).value()).hasSize(256);
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), alg, new byte[max + 1]))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining((max + 1) + " bytes").hasMessageContaining("1 to " + max).hasMessageContaining(key.id());
    assertThatThrownBy(() -> vault.encrypt(ADMIN, key.id(), alg, new byte[max + 1]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("1 to " + max);
  }

  @Test
  void wrapKey_emptyPlaintext_refused() {
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[0]))
        .isInstanceOf(BadParameterException.class);
  }

  @Test
  void unwrapKey_tamperedCiphertext_badParameterWithoutBytes() throws Exception {
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    wrapped[17] ^= 1;

    assertThatThrownBy(() -> vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(BadParameterException.class).hasMessageContaining(key.id())
        .hasMessageNotContaining(java.util.HexFormat.of().formatHex(wrapped).substring(0, 16));
  }

  @Test
  void unwrapKey_wrongAlgorithm_badParameter() throws Exception {
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    assertThatThrownBy(() -> vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP, wrapped))
        .isInstanceOf(BadParameterException.class);
  }

  @Test
  void unwrapKey_wrongLength_badParameterNamesExpectedLength() {
    assertThatThrownBy(() -> vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[100]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("exactly 256");
  }

  @Test
  void disabledKey_refusesEveryCryptoOperation_readAndReEnableStillWork() throws Exception {
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    byte[] encrypted = vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyDisabledException.class).hasMessageContaining(key.id()).hasMessageContaining("disabled");
    assertThatThrownBy(() -> vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(KeyDisabledException.class)
        .extracting(e -> ((KeyVaultException) e).httpStatus()).isEqualTo(403);
    assertThatThrownBy(() -> vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyDisabledException.class);
    assertThatThrownBy(() -> vault.decrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, encrypted))
        .isInstanceOf(KeyDisabledException.class);
    assertThat(vault.keys().get(ADMIN, key.id()).attributes().enabled()).isFalse();

    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.enable());
    assertThat(vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
  }

  @Test
  void disabledCurrentVersion_olderVersionStillWorks() throws Exception {
    KeyBundle v2 = vault.createKey(ADMIN, "kek", KeySpec.rsa(2048));
    vault.keys().update(ADMIN, "kek", KeyAttributesUpdate.disable());

    assertThat(vault.keys().get(ADMIN, v2.id()).attributes().enabled()).isFalse();
    assertThat(vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).kid()).isEqualTo(key.id());
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, "kek", KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyDisabledException.class).hasMessageContaining(v2.id());
  }

  @Test
  void expiredKey_refusesWrapAndEncrypt_stillUnwrapsAndDecrypts() throws Exception {
    Instant exp = service.clock().instant().plus(Duration.ofDays(30));
    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.builder().expires(exp).build());
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    byte[] encrypted = vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP, new byte[32]).value();
    service.clock().advance(Duration.ofDays(30));

    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyNotActiveException.class).hasMessageContaining("expired").hasMessageContaining(key.id())
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("KeyExpired");
    assertThatThrownBy(() -> vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP, new byte[32]))
        .isInstanceOf(KeyNotActiveException.class);
    assertThat(vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
    assertThat(vault.decrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP, encrypted).value()).isEqualTo(new byte[32]);
  }

  @Test
  void notYetValidKey_refusesWrapAndEncrypt_stillUnwrapsAndDecrypts() throws Exception {
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    byte[] encrypted = vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    Instant nbf = service.clock().instant().plus(Duration.ofDays(1));
    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.builder().notBefore(nbf).build());

    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyNotActiveException.class).hasMessageContaining("not valid before")
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("KeyNotYetValid");
    assertThatThrownBy(() -> vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(KeyNotActiveException.class);
    assertThat(vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
    assertThat(vault.decrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, encrypted).value()).isEqualTo(new byte[32]);

    service.clock().advance(Duration.ofDays(1));
    assertThat(vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).kid()).isEqualTo(key.id());
  }

  @Test
  void keyOpsWithoutEncrypt_encryptAndDecryptForbidden_wrapStillWorks() throws Exception {
    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.builder()
        .keyOps(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY).build());
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();

    assertThatThrownBy(() -> vault.encrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("key_ops").hasMessageContaining("encrypt");
    assertThatThrownBy(() -> vault.decrypt(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("decrypt");
    assertThat(vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
  }

  @Test
  void keyOpsWithoutWrap_wrapAndUnwrapForbidden() throws Exception {
    byte[] wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    vault.keys().update(ADMIN, key.id(), KeyAttributesUpdate.builder().keyOps(KeyOperation.ENCRYPT, KeyOperation.DECRYPT).build());

    assertThatThrownBy(() -> vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("wrapKey");
    assertThatThrownBy(() -> vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("unwrapKey");
  }

  @Test
  void rsa4096_limitsScaleWithTheModulus() throws Exception {
    KeyBundle big = vault.importKey(ADMIN, "big", TestVaults.rsa4096(), KeySpec.rsa(0));
    int max = KeyWrapAlgorithm.RSA_OAEP_256.maxPlaintextBytes(4096);

    assertThat(max).isEqualTo(446);
    KeyOperationResult w = vault.wrapKey(ADMIN, big.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[max]);
    assertThat(w.value()).hasSize(512);
    assertThat(vault.unwrapKey(ADMIN, big.id(), KeyWrapAlgorithm.RSA_OAEP_256, w.value()).value()).hasSize(max);
    assertThatThrownBy(() -> vault.wrapKey(ADMIN, big.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[max + 1]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("4096-bit");
  }

  @Test
  void keyOperationResult_toString_hidesBytes() throws Exception {
    KeyOperationResult u = vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256,
        vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[] {0x41, 0x42, 0x43}).value());

    assertThat(u.toString()).contains("3 bytes").doesNotContain("ABC").doesNotContain("414243");
    u.wipe();
    assertThat(u.value()).containsOnly(0);
  }
}
