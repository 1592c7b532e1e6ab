package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A server given a seeded source answers one sequence of requests with the same request ids, object
 * versions and random bytes on every run; without one, every run differs.
 */
class RepeatableRequestsTest {
  private static final Identity ADMIN = Identity.user("admin");

  /** What one run saw: each answer's x-ms-request-id, then the ids and values in the bodies. */
  private record Seen(List<String> requestIds, List<String> bodies) {}

  /** Creates a secret, an EC key and a new secret version, asks for random bytes, and reads the secret. */
  private static Seen run(SecureRandom randomness) throws Exception {
    SimClock clock = new SimClock();
    KeyVault vault = new KeyVaultService(clock).createVault(VaultSpec.builder("repeat-kv").rbacAuthorization(true).build());
    vault.assignRole(ADMIN, VaultRole.ADMINISTRATOR);
    KeyVaultServer.Builder builder = KeyVaultServer.builder(vault).identity(ADMIN);
    if (randomness != null) {
      builder.randomness(randomness);
    }
    try (KeyVaultServer server = builder.start()) {
      HttpClient http = HttpClient.newBuilder().sslContext(server.clientSslContext()).build();
      List<String> requestIds = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (String[] call : new String[][] {
          {"PUT", "/secrets/s1", "{\"value\":\"one\"}"},
          {"POST", "/keys/k1/create", "{\"kty\":\"EC\",\"crv\":\"P-256\"}"},
          {"PUT", "/secrets/s1", "{\"value\":\"two\"}"},
          {"POST", "/rng", "{\"count\":32}"},
          {"GET", "/secrets/s1", null},
          {"GET", "/secrets/none", null}}) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + call[1] + "?api-version=7.5"))
            .header("Authorization", "Bearer " + ADMIN.displayName()).header("Content-Type", "application/json")
            .method(call[0], call[2] == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call[2], StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
        requestIds.add(r.headers().firstValue("x-ms-request-id").orElseThrow());
        // the key's public point and the secret's id carry the draws; the port differs per run
        bodies.add(r.body().replace(server.uri().toString(), "https://server"));
      }
      return new Seen(requestIds, bodies);
    }
  }

  @Test
  void seededServer_sameRequestsTwice_sameRequestIdsVersionsAndBytes() throws Exception {
    Seen first = run(Randomness.seeded(7));
    Seen second = run(Randomness.seeded(7));

    assertThat(second).isEqualTo(first);
    assertThat(first.requestIds()).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(4));
    assertThat(first.bodies().get(3)).contains("\"value\"");
    assertThat(run(Randomness.seeded(8)).requestIds()).doesNotContainAnyElementsOf(first.requestIds());
  }

  @Test
  void unseededServer_sameRequestsTwice_differentIdsVersionsAndBytes() throws Exception {
    Seen first = run(null);
    Seen second = run(null);

    assertThat(second.requestIds()).doesNotContainAnyElementsOf(first.requestIds());
    assertThat(second.bodies().get(0)).isNotEqualTo(first.bodies().get(0));
    assertThat(second.bodies().get(3)).isNotEqualTo(first.bodies().get(3));
    assertThat(first.requestIds()).allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(4));
  }
}
