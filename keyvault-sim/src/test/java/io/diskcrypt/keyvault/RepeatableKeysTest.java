package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.time.SimClock;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeded key pairs: real RSA and EC, the same per seed and ordinal, different across seeds and ordinals;
 * and what a vault draws while using them (RSA padding, PSS salts, ECDSA nonces, an attestation
 * authority's key), the same inside one seed's scope.
 */
class RepeatableKeysTest {
  private static List<Object> publicKeys(long seed) throws Exception {
    KeyVaultService service = KeyVaultService.withRepeatableKeys(new SimClock(), seed);
    KeyVault vault = TestVaults.vault(service, "seeded-kv");
    List<Object> keys = new ArrayList<>();
    keys.add(vault.createKey(ADMIN, "a", KeySpec.rsa(2048)).publicKey());
    keys.add(vault.createKey(ADMIN, "b", KeySpec.rsa(2048)).publicKey());
    keys.add(vault.createKey(ADMIN, "c", KeySpec.ec(KeyCurve.P_256)).publicKey());
    return keys;
  }

  @Test
  void sameSeed_sameKeys_inOrder_otherSeed_otherKeys() throws Exception {
    List<Object> first = publicKeys(7);
    List<Object> again = publicKeys(7);
    List<Object> other = publicKeys(8);

    assertThat(again).isEqualTo(first);
    assertThat(first.get(0)).isNotEqualTo(first.get(1));
    assertThat(other.get(0)).isNotEqualTo(first.get(0));
    assertThat(other.get(2)).isNotEqualTo(first.get(2));
    assertThat(((RSAPublicKey) first.get(0)).getModulus().bitLength()).isEqualTo(2048);
  }

  /** A wrap (RSA-OAEP-256), a PS256 and an ES256 signature and an attestation token, as bytes. */
  private static List<String> randomizedOperations(long seed) throws Exception {
    KeyVault vault = TestVaults.vault(KeyVaultService.withRepeatableKeys(new SimClock(), seed), "seeded-kv");
    KeyBundle rsa = vault.createKey(ADMIN, "rsa", KeySpec.rsa(2048));
    KeyBundle ec = vault.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    byte[] digest = new byte[32];
    AttestationToken token = new AttestationAuthority("https://shared.weu.attest.azure.net")
        .attest(Map.of("x-ms-attestation-type", "sevsnpvm"), rsa.publicKey(), Instant.EPOCH, Duration.ofHours(1));
    return List.of(
        java.util.HexFormat.of().formatHex(vault.wrapKey(ADMIN, rsa.id(), KeyWrapAlgorithm.RSA_OAEP_256, digest).value()),
        java.util.HexFormat.of().formatHex(vault.sign(ADMIN, rsa.objectId(), SignatureAlgorithm.PS256, digest).signature()),
        java.util.HexFormat.of().formatHex(vault.sign(ADMIN, ec.objectId(), SignatureAlgorithm.ES256, digest).signature()),
        java.util.HexFormat.of().formatHex(token.signature()));
  }

  @Test
  void randomizedOperations_inOneSeedsScope_repeat_outsideOne_differ() throws Exception {
    List<String> first;
    List<String> again;
    try (Randomness.Scope seeded = Randomness.use(Randomness.seeded(3))) {
      first = randomizedOperations(7);
    }
    try (Randomness.Scope seeded = Randomness.use(Randomness.seeded(3))) {
      again = randomizedOperations(7);
    }
    List<String> unseeded = randomizedOperations(7);

    assertThat(again).isEqualTo(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(unseeded.get(i)).as("operation %d", i).isNotEqualTo(first.get(i));
    }
  }

  @Test
  void aSeededKeyWrapsAndUnwrapsAsAnyOther() throws Exception {
    KeyVault vault = TestVaults.vault(KeyVaultService.withRepeatableKeys(new SimClock(), 7), "seeded-kv");
    KeyBundle key = vault.createKey(ADMIN, "a", KeySpec.rsa(2048));
    byte[] dek = new byte[32];
    dek[0] = 42;
    KeyOperationResult wrapped = vault.wrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, dek);
    assertThat(vault.unwrapKey(ADMIN, key.id(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped.value()).value()).isEqualTo(dek);
  }
}
