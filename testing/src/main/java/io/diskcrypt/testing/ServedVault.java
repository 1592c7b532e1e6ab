package io.diskcrypt.testing;

import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.server.KeyVaultServer;
import java.net.URI;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/**
 * The region's vault served over HTTPS with the Key Vault REST API ({@link KeyVaultServer} from
 * keyvault-server), as {@link SimulatedRegion#vaultServer()} hands it to a test: what the application
 * under test needs to reach, with the Azure SDK, the same vault the simulated platform uses.
 *
 * <pre>{@code
 * ServedVault served = region.vaultServer();
 * KeyClient keys = new KeyClientBuilder()
 *     .vaultUrl(served.vaultUrl())
 *     .credential(request -> Mono.just(new AccessToken(served.bearerToken(), OffsetDateTime.now().plusHours(1))))
 *     .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(served.clientSslContext())).build())
 *     .disableChallengeResourceVerification()
 *     .buildClient();
 * }</pre>
 *
 * <p>The server listens on a free port of 127.0.0.1 with a fresh self-signed certificate; it is closed
 * with the region ({@link SimulatedRegion#close()}), which {@link DiskcryptExtension} does after the test.
 * The one caller is {@link #identity()}, the region's admin; its bearer token is its display name (the
 * server does not validate tokens: there is no Entra ID).
 */
public final class ServedVault {
  private final KeyVaultServer server;
  private final Identity identity;

  ServedVault(KeyVaultServer server, Identity identity) {
    this.server = server;
    this.identity = identity;
  }

  /** The vault URL for the SDK's {@code vaultUrl(...)}: {@code https://localhost:PORT}. */
  public String vaultUrl() {
    return server.uri().toString();
  }

  /** The same URL as a {@link URI}. */
  public URI uri() {
    return server.uri();
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return server.port();
  }

  /** The server's self-signed certificate. */
  public X509Certificate certificate() {
    return server.certificate();
  }

  /** The certificate as PEM, for {@code curl --cacert} or a trust store of the application under test. */
  public String certificatePem() {
    return server.certificatePem();
  }

  /**
   * A client TLS context that trusts this server's certificate and nothing else, for {@code
   * java.net.http.HttpClient.newBuilder().sslContext(...)} (and so the SDK's {@code JdkHttpClientBuilder}).
   */
  public SSLContext clientSslContext() {
    return server.clientSslContext();
  }

  /** The identity the server lets call: the region's admin, who may do anything in the vault. */
  public Identity identity() {
    return identity;
  }

  /** The bearer token of {@link #identity()}, for the SDK's {@code TokenCredential}: its display name. */
  public String bearerToken() {
    return identity.displayName();
  }

  void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "ServedVault[" + server.uri() + ", caller " + identity.displayName() + "]";
  }
}
