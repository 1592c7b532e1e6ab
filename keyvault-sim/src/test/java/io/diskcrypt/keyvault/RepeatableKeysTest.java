package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.time.SimClock;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded key pairs: real RSA and EC, the same per seed and ordinal, different across seeds and ordinals. */
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
