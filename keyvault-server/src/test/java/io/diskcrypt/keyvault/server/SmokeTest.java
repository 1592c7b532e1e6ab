package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void createAndWrap() throws Exception {
    try (Served s = Served.start("smoke-kv")) {
      KeyClient keys = s.keys(Served.ADMIN);
      KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("kek").setKeySize(2048));
      System.out.println(k.getId());
      byte[] dek = new byte[32];
      var c = s.crypto(Served.ADMIN, k.getId());
      var w = c.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek);
      assertThat(c.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, w.getEncryptedKey()).getKey()).isEqualTo(dek);
    }
  }
}
