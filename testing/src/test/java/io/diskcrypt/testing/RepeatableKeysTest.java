package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.keyvault.KeyVaultException;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

/** The kit's customer keys are seeded and reused by default; random ones on request. */
class RepeatableKeysTest {
  private static PublicKey customerKey(SimulatedRegion region) throws KeyVaultException {
    CustomerKey key = region.customerKey("k");
    return region.vault().keys().get(region.admin(), key.keyId()).publicKey();
  }

  @Test
  void regionsWithOneSeed_getTheSameKey_anotherSeedOrRandomKeys_anotherOne() throws Exception {
    PublicKey first = customerKey(SimulatedRegion.create());
    assertThat(customerKey(SimulatedRegion.create())).isEqualTo(first);
    assertThat(customerKey(SimulatedRegion.builder().seed(16).build())).isNotEqualTo(first);
    assertThat(customerKey(SimulatedRegion.builder().randomKeys().build())).isNotEqualTo(first);
  }
}
