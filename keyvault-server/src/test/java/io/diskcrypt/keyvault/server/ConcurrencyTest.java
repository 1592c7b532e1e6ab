package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many SDK clients at once, each with its own HTTP connection pool, against one server (bounded: 8
 * clients, 6 rounds each): every new version is kept, every client reads back what it wrote, every
 * wrap unwraps, and no request fails.
 */
class ConcurrencyTest {
  static final int CLIENTS = 8;
  static final int ROUNDS = 6;

  @Test
  @Timeout(300)
  void manyClients_versionsConsistent_nothingLost() throws Exception {
    try (Served s = Served.start("busy-kv")) {
      s.keys(Served.ADMIN).createRsaKey(new CreateRsaKeyOptions("shared-kek"));
      Set<String> keyVersions = ConcurrentHashMap.newKeySet();
      Set<String> secretVersions = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          KeyClient keys = s.keys(Served.ADMIN);
          SecretClient secrets = s.secrets(Served.ADMIN);
          CryptographyClient kek = s.crypto(Served.ADMIN, keys.getKey("shared-kek").getId());
          secrets.setSecret("own-" + client, "mine-" + client);
          for (int round = 0; round < ROUNDS; round++) {
            keyVersions.add(keys.createRsaKey(new CreateRsaKeyOptions("shared-versions")).getProperties().getVersion());
            String value = "client-" + client + "-round-" + round;
            secretVersions.add(secrets.setSecret("shared-secret", value).getProperties().getVersion());
            assertThat(secrets.getSecret("own-" + client).getValue()).isEqualTo("mine-" + client);
            byte[] dek = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] wrapped = kek.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey();
            assertThat(kek.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey()).isEqualTo(dek);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(280, TimeUnit.SECONDS);
      }
      pool.shutdown();

      KeyClient keys = s.keys(Served.ADMIN);
      SecretClient secrets = s.secrets(Served.ADMIN);
      assertThat(keyVersions).hasSize(CLIENTS * ROUNDS);
      assertThat(keys.listPropertiesOfKeyVersions("shared-versions").stream().map(KeyProperties::getVersion))
          .containsExactlyInAnyOrderElementsOf(keyVersions);
      assertThat(secretVersions).hasSize(CLIENTS * ROUNDS);
      assertThat(secrets.listPropertiesOfSecretVersions("shared-secret").stream().map(SecretProperties::getVersion))
          .containsExactlyInAnyOrderElementsOf(secretVersions);
      assertThat(s.vault.auditLog()).allSatisfy(e -> assertThat(e.httpStatus()).as(e.toString()).isEqualTo(200));
      assertThat(s.vault.auditLog()).filteredOn(e -> e.operation().equals("KeyUnwrap")).hasSize(CLIENTS * ROUNDS);
    }
  }
}
