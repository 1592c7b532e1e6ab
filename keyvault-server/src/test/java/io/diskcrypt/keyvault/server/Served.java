package io.diskcrypt.keyvault.server;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * A test's vault behind a running server, and the real Azure SDK clients pointed at it: an RBAC vault
 * on a fresh simulated clock, {@code admin} holding Key Vault Administrator. SDK retries are off so
 * that every error status reaches the test as the server sent it.
 */
final class Served implements AutoCloseable {
  static final Identity ADMIN = Identity.user("admin");

  final SimClock clock;
  final KeyVaultService service;
  final KeyVault vault;
  final KeyVaultServer server;
  private final java.net.http.HttpClient raw;

  private Served(SimClock clock, KeyVaultService service, KeyVault vault, KeyVaultServer server) {
    this.clock = clock;
    this.service = service;
    this.vault = vault;
    this.server = server;
    this.raw = java.net.http.HttpClient.newBuilder().sslContext(server.clientSslContext()).build();
  }

  /** A standard RBAC vault named {@code name}; {@code admin} and {@code callers} may call the server. */
  static Served start(String name, Identity... callers) throws IOException {
    return start(name, b -> b, callers);
  }

  /** The same, with the vault's spec adjusted by {@code spec}. */
  static Served start(String name, UnaryOperator<VaultSpec.Builder> spec, Identity... callers) throws IOException {
    SimClock clock = new SimClock();
    KeyVaultService service = new KeyVaultService(clock);
    KeyVault vault = service.createVault(spec.apply(VaultSpec.builder(name).rbacAuthorization(true)).build());
    vault.assignRole(ADMIN, VaultRole.ADMINISTRATOR);
    KeyVaultServer.Builder b = KeyVaultServer.builder(vault).identity(ADMIN);
    for (Identity c : callers) {
      b.identity(c);
    }
    return new Served(clock, service, vault, b.start());
  }

  static TokenCredential token(Identity who) {
    return request -> Mono.just(new AccessToken(who.displayName(), OffsetDateTime.now().plusHours(1)));
  }

  HttpClient sdkHttp() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(server.clientSslContext()))
        .build();
  }

  private static RetryOptions noRetries() {
    return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
  }

  KeyClient keys(Identity who) {
    return keys(who, KeyServiceVersion.getLatest());
  }

  KeyClient keys(Identity who, KeyServiceVersion version) {
    return new KeyClientBuilder().vaultUrl(server.uri().toString()).credential(token(who)).httpClient(sdkHttp())
        .retryOptions(noRetries()).serviceVersion(version).disableChallengeResourceVerification().buildClient();
  }

  CryptographyClient crypto(Identity who, String keyId) {
    return new CryptographyClientBuilder().keyIdentifier(keyId).credential(token(who)).httpClient(sdkHttp())
        .retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
  }

  SecretClient secrets(Identity who) {
    return new SecretClientBuilder().vaultUrl(server.uri().toString()).credential(token(who)).httpClient(sdkHttp())
        .retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
  }

  /** A raw HTTPS request, for what the SDK hides; {@code token} null sends no Authorization header. */
  HttpResponse<String> raw(String method, String pathAndQuery, String token, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
