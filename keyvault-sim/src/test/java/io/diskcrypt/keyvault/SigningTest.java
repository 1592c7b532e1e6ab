package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * sign and verify: the vault signs digests, and the JDK's own message signatures (an implementation
 * that hashes for itself: SHA256withRSA, RSASSA-PSS, SHA256withECDSAinP1363Format) accept them; the
 * vault accepts the JDK's; and the service's refusals.
 */
class SigningTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "sign-kv");

  static Stream<Arguments> algorithms() {
    return Stream.of(
        Arguments.of(SignatureAlgorithm.RS256, KeySpec.rsa(2048), "SHA256withRSA", null),
        Arguments.of(SignatureAlgorithm.RS384, KeySpec.rsa(3072), "SHA384withRSA", null),
        Arguments.of(SignatureAlgorithm.RS512, KeySpec.rsa(2048), "SHA512withRSA", null),
        Arguments.of(SignatureAlgorithm.PS256, KeySpec.rsa(2048), "RSASSA-PSS",
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)),
        Arguments.of(SignatureAlgorithm.PS384, KeySpec.rsa(3072), "RSASSA-PSS",
            new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)),
        Arguments.of(SignatureAlgorithm.PS512, KeySpec.rsa(2048), "RSASSA-PSS",
            new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)),
        Arguments.of(SignatureAlgorithm.ES256, KeySpec.ec(KeyCurve.P_256), "SHA256withECDSAinP1363Format", null),
        Arguments.of(SignatureAlgorithm.ES384, KeySpec.ec(KeyCurve.P_384), "SHA384withECDSAinP1363Format", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void vaultSignature_jdkVerifiesTheMessage_andJdkSignature_vaultVerifiesTheDigest(SignatureAlgorithm alg, KeySpec spec,
      String jdkName, PSSParameterSpec pss) throws Exception {
    long seed = 20_260_000 + alg.ordinal();
    byte[] message = new byte[100];
    new Random(seed).nextBytes(message);
    KeyBundle key = vault.createKey(ADMIN, "k-" + alg.wireName().toLowerCase(java.util.Locale.ROOT), spec);
    byte[] digest = MessageDigest.getInstance(alg.hash()).digest(message);

    SignResult signed = vault.sign(ADMIN, key.objectId(), alg, digest);

    Signature jdk = Signature.getInstance(jdkName);
    if (pss != null) {
      jdk.setParameter(pss);
    }
    jdk.initVerify(key.publicKey());
    jdk.update(message);
    assertThat(jdk.verify(signed.signature())).as("%s, seed %d: the JDK accepts the vault's signature", alg, seed).isTrue();
    assertThat(signed.kid()).isEqualTo(key.id());
    assertThat(vault.verify(ADMIN, key.objectId(), alg, digest, signed.signature())).isTrue();
    byte[] tampered = signed.signature();
    tampered[tampered.length / 2] ^= 1;
    assertThat(vault.verify(ADMIN, key.objectId(), alg, digest, tampered)).as("tampered signature").isFalse();
    digest[0] ^= 1;
    assertThat(vault.verify(ADMIN, key.objectId(), alg, digest, signed.signature())).as("other digest").isFalse();
  }

  @Test
  void jdkPssSignature_vaultVerifies() throws Exception {
    java.security.KeyPair pair = TestVaults.rsa2048();
    KeyBundle key = vault.importKey(ADMIN, "imported", pair, KeySpec.rsa(0));
    byte[] message = "the message".getBytes(StandardCharsets.US_ASCII);
    Signature jdk = Signature.getInstance("RSASSA-PSS");
    jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    jdk.initSign(pair.getPrivate());
    jdk.update(message);

    assertThat(vault.verify(ADMIN, key.objectId(), SignatureAlgorithm.PS256,
        MessageDigest.getInstance("SHA-256").digest(message), jdk.sign())).isTrue();
  }

  @Test
  void algorithmTheKeyDoesNotTake_400NamingWhatItTakes() throws Exception {
    KeyBundle ec384 = vault.createKey(ADMIN, "ec384", KeySpec.ec(KeyCurve.P_384));
    KeyBundle rsa = vault.createKey(ADMIN, "rsa", KeySpec.rsa(2048));

    assertThatThrownBy(() -> vault.sign(ADMIN, rsa.objectId(), SignatureAlgorithm.ES256, new byte[32]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("ES256 does not fit").hasMessageContaining("PS256");
    assertThatThrownBy(() -> vault.sign(ADMIN, ec384.objectId(), SignatureAlgorithm.PS256, new byte[32]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("PS256 does not fit");
    assertThatThrownBy(() -> vault.sign(ADMIN, ec384.objectId(), SignatureAlgorithm.ES256, new byte[32]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("ES384 for P-384");
  }

  @Test
  void digestOfTheWrongLength_400() throws Exception {
    KeyBundle key = vault.createKey(ADMIN, "len", KeySpec.rsa(2048));

    assertThatThrownBy(() -> vault.sign(ADMIN, key.objectId(), SignatureAlgorithm.RS256, new byte[20]))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("20 bytes").hasMessageContaining("32");
  }

  @Test
  void disabled_signAndVerifyRefused_expired_signRefusedButVerifyWorks_keyOps() throws Exception {
    KeyBundle key = vault.createKey(ADMIN, "rules", KeySpec.ec(KeyCurve.P_256));
    byte[] digest = new byte[32];
    byte[] sig = vault.sign(ADMIN, key.objectId(), SignatureAlgorithm.ES256, digest).signature();

    vault.keys().update(ADMIN, key.objectId(), KeyAttributesUpdate.disable());
    assertThatThrownBy(() -> vault.sign(ADMIN, key.objectId(), SignatureAlgorithm.ES256, digest))
        .isInstanceOf(KeyDisabledException.class);
    assertThatThrownBy(() -> vault.verify(ADMIN, key.objectId(), SignatureAlgorithm.ES256, digest, sig))
        .isInstanceOf(KeyDisabledException.class);

    vault.keys().update(ADMIN, key.objectId(), KeyAttributesUpdate.builder().enabled(true)
        .expires(service.clock().instant().plus(Duration.ofMinutes(1))).build());
    service.clock().advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> vault.sign(ADMIN, key.objectId(), SignatureAlgorithm.ES256, digest))
        .isInstanceOf(KeyNotActiveException.class).hasMessageContaining("expired");
    assertThat(vault.verify(ADMIN, key.objectId(), SignatureAlgorithm.ES256, digest, sig)).isTrue();

    KeyBundle verifyOnly = vault.createKey(ADMIN, "verify-only", KeySpec.rsa(2048).withKeyOps(KeyOperation.VERIFY));
    assertThatThrownBy(() -> vault.sign(ADMIN, verifyOnly.objectId(), SignatureAlgorithm.RS256, digest))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("sign is not permitted");
  }

  @Test
  void withoutThePermission_403_andAudited() throws Exception {
    KeyBundle key = vault.createKey(ADMIN, "perm", KeySpec.rsa(2048));
    Identity des = Identity.managed("des");
    vault.setAccessPolicy(des, KeyPermission.diskEncryptionSet(), java.util.Set.of());

    assertThatThrownBy(() -> vault.sign(des, key.objectId(), SignatureAlgorithm.RS256, new byte[32]))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("'sign'");
    assertThat(vault.auditLog()).last().satisfies(e -> {
      assertThat(e.operation()).isEqualTo("KeySign");
      assertThat(e.httpStatus()).isEqualTo(403);
    });
  }

}
