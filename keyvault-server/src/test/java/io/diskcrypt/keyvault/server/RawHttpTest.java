package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyOperation;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.VaultObject;
import io.diskcrypt.keyvault.VaultRole;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the SDK hides, over plain HTTPS: the 401 challenge, the exact error bodies, Retry-After, and
 * bad input, each answered with the service's 4xx error and leaving the vault as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawHttpTest {
  static final Identity APP = Identity.managed("app1");
  static final Identity DES = Identity.managed("des1");

  private Served s;
  private String kid;

  @BeforeAll
  void start() throws Exception {
    s = Served.start("raw-kv", APP, DES);
    s.vault.assignRole(APP, VaultRole.CRYPTO_USER);
    s.vault.assignRole(DES, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
    KeyBundle k = s.vault.createKey(Served.ADMIN, "kek", KeySpec.rsa(2048));
    kid = k.id();
    s.vault.createKey(Served.ADMIN, "wrap-only", KeySpec.rsa(2048).withKeyOps(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY));
    s.vault.createKey(Served.ADMIN, "ec", KeySpec.ec(io.diskcrypt.keyvault.KeyCurve.P_256));
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Wire.MAPPER.readTree(r.body());
  }

  @Test
  void noToken_401WithTheChallengeAndTheServiceBody() throws Exception {
    HttpResponse<String> r = s.raw("GET", "/keys/kek?api-version=7.5", null, null, null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
        .startsWith("Bearer authorization=\"https://login.microsoftonline.com/")
        .endsWith("\", resource=\"https://vault.azure.net\""));
    assertThat(json(r).at("/error/code").asText()).isEqualTo("Unauthorized");
    assertThat(json(r).at("/error/message").asText()).isEqualTo("AKV10000: Request is missing a Bearer or PoP token.");
  }

  @Test
  void unknownIdentity_401NamingIt() throws Exception {
    HttpResponse<String> r = s.raw("GET", "/keys/kek?api-version=7.5", "mallory", null, null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(r).at("/error/message").asText()).contains("'mallory'");
  }

  @Test
  void knownIdentityWithoutTheRole_403ForbiddenByRbac_namingTheDataAction() throws Exception {
    HttpResponse<String> r = s.raw("POST", "/keys/new/create?api-version=7.5", "app1", "application/json",
        "{\"kty\":\"RSA\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode e = json(r);
    assertThat(e.at("/error/code").asText()).isEqualTo("Forbidden");
    assertThat(e.at("/error/innererror/code").asText()).isEqualTo("ForbiddenByRbac");
    assertThat(e.at("/error/message").asText()).startsWith("Caller is not authorized to perform action on resource.")
        .contains("Action: 'Microsoft.KeyVault/vaults/keys/create/action'")
        .contains("Caller: name=app1;oid=" + APP.principalId())
        .contains("Vault: raw-kv;location=westeurope");
    assertThat(s.vault.keys().list(Served.ADMIN)).extracting(VaultObject::name).doesNotContain("new");
  }

  @Test
  void desRole_wrapsButMayNotEncrypt_403NamingEncrypt() throws Exception {
    HttpResponse<String> wrap = s.raw("POST", "/keys/kek/wrapkey?api-version=7.6", "des1", "application/json",
        "{\"alg\":\"RSA-OAEP-256\",\"value\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}");
    HttpResponse<String> encrypt = s.raw("POST", "/keys/kek/encrypt?api-version=7.6", "des1", "application/json",
        "{\"alg\":\"RSA-OAEP-256\",\"value\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}");

    assertThat(wrap.statusCode()).isEqualTo(200);
    assertThat(json(wrap).get("kid").asText()).isEqualTo(s.server.uri() + kid.substring(kid.indexOf("/keys/")));
    assertThat(encrypt.statusCode()).isEqualTo(403);
    assertThat(json(encrypt).at("/error/message").asText()).contains("'Microsoft.KeyVault/vaults/keys/encrypt/action'");
  }

  @Test
  void keyOpsExcludeEncrypt_403_evenWhereTheSdkWouldRefuseLocally() throws Exception {
    HttpResponse<String> r = s.raw("POST", "/keys/wrap-only/encrypt?api-version=7.6", "admin", "application/json",
        "{\"alg\":\"RSA-OAEP\",\"value\":\"AAEC\"}");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).at("/error/message").asText()).contains("encrypt is not permitted");
  }

  @Test
  void signThenVerifyInTheVault_trueThenFalseForAnotherDigest() throws Exception {
    String digest = Wire.base64Url(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}));
    String other = Wire.base64Url(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {4}));
    HttpResponse<String> signed = s.raw("POST", "/keys/kek/sign?api-version=7.6", "app1", "application/json",
        "{\"alg\":\"PS256\",\"value\":\"" + digest + "\"}");
    String signature = json(signed).get("value").asText();

    HttpResponse<String> good = s.raw("POST", "/keys/kek/verify?api-version=7.6", "app1", "application/json",
        "{\"alg\":\"PS256\",\"digest\":\"" + digest + "\",\"value\":\"" + signature + "\"}");
    HttpResponse<String> bad = s.raw("POST", "/keys/kek/verify?api-version=7.6", "app1", "application/json",
        "{\"alg\":\"PS256\",\"digest\":\"" + other + "\",\"value\":\"" + signature + "\"}");
    HttpResponse<String> des = s.raw("POST", "/keys/kek/sign?api-version=7.6", "des1", "application/json",
        "{\"alg\":\"PS256\",\"value\":\"" + digest + "\"}");

    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(json(good).get("value").asBoolean()).isTrue();
    assertThat(json(bad).get("value").asBoolean()).isFalse();
    assertThat(des.statusCode()).isEqualTo(403);
    assertThat(json(des).at("/error/message").asText()).contains("'Microsoft.KeyVault/vaults/keys/sign/action'");
  }

  @Test
  void ecKeyWrap_400() throws Exception {
    HttpResponse<String> r = s.raw("POST", "/keys/ec/wrapkey?api-version=7.6", "admin", "application/json",
        "{\"alg\":\"RSA-OAEP\",\"value\":\"AAEC\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/error/code").asText()).isEqualTo("BadParameter");
  }

  @Test
  void throttled_429WithRetryAfter_andTheServiceBody() throws Exception {
    try (Served t = Served.start("raw-throttle")) {
      t.service.setThrottling(true);
      HttpResponse<String> r = null;
      for (int i = 0; i < 25 && (r == null || r.statusCode() == 200); i++) {
        r = t.raw("POST", "/keys/k" + i + "/create?api-version=7.5", "admin", "application/json", "{\"kty\":\"RSA\"}");
      }

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
      assertThat(json(r).at("/error/code").asText()).isEqualTo("Throttled");
      assertThat(json(r).at("/error/message").asText()).isEqualTo("Request was not processed because too many"
          + " requests were received. Reason: VaultRequestTypeLimitReached");

      t.clock.advance(Duration.ofSeconds(10));
      assertThat(t.raw("POST", "/keys/after/create?api-version=7.5", "admin", "application/json", "{\"kty\":\"RSA\"}")
          .statusCode()).isEqualTo(200);
      t.service.setThrottling(false);
      assertThat(t.vault.keys().list(Served.ADMIN)).hasSize(21);
    }
  }

  /** Bad requests: method, path, token, content type, body; and the status and code each must get. */
  static Stream<Arguments> badRequests() {
    String wrap = "/keys/kek/wrapkey?api-version=7.5";
    return Stream.of(
        Arguments.of("malformed JSON", "POST", wrap, "application/json", "{\"alg\":\"RSA-OAEP\",", 400, "BadParameter"),
        Arguments.of("trailing garbage", "POST", wrap, "application/json", "{\"alg\":\"RSA-OAEP\",\"value\":\"AA\"} x", 400, "BadParameter"),
        Arguments.of("duplicate field", "POST", wrap, "application/json", "{\"alg\":\"RSA-OAEP\",\"alg\":\"RSA1_5\",\"value\":\"AA\"}", 400, "BadParameter"),
        Arguments.of("JSON array body", "POST", wrap, "application/json", "[1,2]", 400, "BadParameter"),
        Arguments.of("wrong content type", "POST", wrap, "text/plain", "{\"alg\":\"RSA-OAEP\",\"value\":\"AA\"}", 415, null),
        Arguments.of("no content type", "POST", wrap, null, "{\"alg\":\"RSA-OAEP\",\"value\":\"AA\"}", 415, null),
        Arguments.of("unknown api-version", "GET", "/keys/kek?api-version=7.9", null, null, 400, "BadParameter"),
        Arguments.of("no api-version", "GET", "/keys/kek", null, null, 400, "BadParameter"),
        Arguments.of("oversize body", "PUT", "/secrets/big?api-version=7.5", "application/json",
            "{\"value\":\"" + "x".repeat(VaultHandler.MAX_BODY_BYTES) + "\"}", 413, "RequestEntityTooLarge"),
        Arguments.of("secret with nbf after exp", "PUT", "/secrets/big?api-version=7.5", "application/json",
            "{\"value\":\"v\",\"attributes\":{\"nbf\":1800000000,\"exp\":1700000000}}", 400, "BadParameter"),
        Arguments.of("secret over 25 KiB", "PUT", "/secrets/big?api-version=7.5", "application/json",
            "{\"value\":\"" + "x".repeat(26 * 1024) + "\"}", 400, "BadParameter"),
        Arguments.of("invalid base64url", "POST", wrap, "application/json", "{\"alg\":\"RSA-OAEP\",\"value\":\"AA+/==\"}", 400, "BadParameter"),
        Arguments.of("value not a string", "POST", wrap, "application/json", "{\"alg\":\"RSA-OAEP\",\"value\":42}", 400, "BadParameter"),
        Arguments.of("unknown algorithm", "POST", wrap, "application/json", "{\"alg\":\"A256KW\",\"value\":\"AA\"}", 400, "BadParameter"),
        Arguments.of("missing alg", "POST", wrap, "application/json", "{\"value\":\"AA\"}", 400, "BadParameter"),
        Arguments.of("illegal key name", "POST", "/keys/bad_name/create?api-version=7.5", "application/json", "{\"kty\":\"RSA\"}", 400, "BadParameter"),
        Arguments.of("key name too long", "POST", "/keys/" + "a".repeat(128) + "/create?api-version=7.5", "application/json", "{\"kty\":\"RSA\"}", 400, "BadParameter"),
        Arguments.of("unknown kty", "POST", "/keys/new/create?api-version=7.5", "application/json", "{\"kty\":\"oct\"}", 400, "BadParameter"),
        Arguments.of("RSA size 1024", "POST", "/keys/new/create?api-version=7.5", "application/json", "{\"kty\":\"RSA\",\"key_size\":1024}", 400, "BadParameter"),
        Arguments.of("unknown key_ops entry", "POST", "/keys/new/create?api-version=7.5", "application/json", "{\"kty\":\"RSA\",\"key_ops\":[\"launch\"]}", 400, "BadParameter"),
        Arguments.of("nbf not a number", "PATCH", "/keys/kek?api-version=7.5", "application/json", "{\"attributes\":{\"nbf\":\"soon\"}}", 400, "BadParameter"),
        Arguments.of("ciphertext of the wrong length", "POST", "/keys/kek/unwrapkey?api-version=7.5", "application/json", "{\"alg\":\"RSA-OAEP\",\"value\":\"AAEC\"}", 400, "BadParameter"),
        Arguments.of("version not 32 hex", "GET", "/keys/kek/123?api-version=7.5", null, null, 404, "KeyNotFound"),
        Arguments.of("unknown path", "GET", "/certificates?api-version=7.5", null, null, 404, "NotFound"),
        Arguments.of("unknown operation", "POST", "/keys/kek/explode?api-version=7.5", "application/json", "{}", 404, "KeyNotFound"),
        Arguments.of("wrong method", "DELETE", "/keys?api-version=7.5", null, null, 405, "MethodNotAllowed"),
        Arguments.of("bad maxresults", "GET", "/keys?api-version=7.5&maxresults=500", null, null, 400, "BadParameter"),
        Arguments.of("sign: digest too short", "POST", "/keys/kek/sign?api-version=7.5", "application/json", "{\"alg\":\"RS256\",\"value\":\"AAEC\"}", 400, "BadParameter"),
        Arguments.of("sign: ES256 with an RSA key", "POST", "/keys/kek/sign?api-version=7.5", "application/json", "{\"alg\":\"ES256\",\"value\":\"" + "A".repeat(43) + "\"}", 400, "BadParameter"),
        Arguments.of("verify: no signature", "POST", "/keys/kek/verify?api-version=7.5", "application/json", "{\"alg\":\"RS256\",\"digest\":\"AAEC\"}", 400, "BadParameter"),
        Arguments.of("random count 0", "POST", "/rng?api-version=7.5", "application/json", "{\"count\":0}", 400, "BadParameter"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badInput_serviceError_neverA500_vaultUnchanged(String what, String method, String path, String contentType,
      String body, int status, String code) throws Exception {
    List<String> keysBefore = s.vault.keys().listVersions(Served.ADMIN, "kek").stream().map(k -> k.id() + k.attributes()).toList();
    int secretsBefore = secretCount();

    HttpResponse<String> r = s.raw(method, path, "admin", contentType, body);

    assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (code != null) {
      assertThat(json(r).at("/error/code").asText()).isEqualTo(code);
      assertThat(json(r).at("/error/message").asText()).isNotBlank();
    } else {
      assertThat(json(r).get("Message").asText()).contains("media type");
    }
    assertThat(s.vault.keys().listVersions(Served.ADMIN, "kek").stream().map(k -> k.id() + k.attributes()).toList())
        .isEqualTo(keysBefore);
    assertThat(s.vault.keys().list(Served.ADMIN)).extracting(VaultObject::name).containsExactlyInAnyOrder("kek", "wrap-only", "ec");
    assertThat(secretCount()).isEqualTo(secretsBefore);
  }

  private int secretCount() {
    try {
      s.vault.secrets().get(Served.ADMIN, "big");
      return 1;
    } catch (io.diskcrypt.keyvault.KeyVaultException e) {
      return 0;
    }
  }
}
