package io.diskcrypt.keyvault.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * One {@link KeyVault} served over HTTPS with the Key Vault data-plane REST API (api-versions 7.4, 7.5,
 * 7.6 and 2025-07-01), so that the Azure SDKs, {@code curl} and any other HTTP client reach the same
 * vault the simulated platform uses.
 *
 * <pre>{@code
 * try (KeyVaultServer server = KeyVaultServer.builder(vault).identity(admin).start()) {
 *   KeyClient keys = new KeyClientBuilder()
 *       .vaultUrl(server.uri().toString())
 *       .credential(request -> Mono.just(new AccessToken("admin", OffsetDateTime.now().plusHours(1))))
 *       .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(server.clientSslContext())).build())
 *       .disableChallengeResourceVerification()
 *       .buildClient();
 * }
 * }</pre>
 *
 * <p><b>Authentication, simplified.</b> A request without a bearer token gets the service's 401
 * challenge; the token's value is taken as the caller's identity name, one of those given to {@link
 * Builder#identity}. Tokens are not validated cryptographically: there is no Entra ID. What the caller
 * may do is decided by the vault (RBAC roles or access policies), exactly as for in-process calls.
 *
 * <p>The server listens on 127.0.0.1 only, with a fresh self-signed certificate for {@code localhost}
 * and {@code 127.0.0.1} ({@link #certificatePem()}). Object ids in answers name this server ({@code
 * https://localhost:PORT/keys/...}) rather than {@code https://{vault}.vault.azure.net/}. Thread-safe;
 * requests run on a small fixed pool of threads.
 */
public final class KeyVaultServer implements AutoCloseable {
  private final HttpsServer http;
  private final ExecutorService executor;
  private final SelfSignedCertificate certificate;
  private final URI uri;

  private KeyVaultServer(HttpsServer http, ExecutorService executor, SelfSignedCertificate certificate, URI uri) {
    this.http = http;
    this.executor = executor;
    this.certificate = certificate;
    this.uri = uri;
  }

  /** A server for {@code vault}; nobody can call it until {@link Builder#identity} names callers. */
  public static Builder builder(KeyVault vault) {
    return new Builder(vault);
  }

  /** The base URL, {@code https://localhost:PORT}: the SDK's {@code vaultUrl}. */
  public URI uri() {
    return uri;
  }

  /** The port the server accepts connections on. */
  public int port() {
    return uri.getPort();
  }

  /** The server's self-signed certificate. */
  public X509Certificate certificate() {
    return certificate.certificate();
  }

  /** The certificate as PEM, for {@code curl --cacert} or a client's trust store. */
  public String certificatePem() {
    return certificate.pem();
  }

  /**
   * A client TLS context that trusts this server's certificate and nothing else: give it to {@code
   * java.net.http.HttpClient.newBuilder().sslContext(...)}.
   */
  public SSLContext clientSslContext() {
    return certificate.trustingContext();
  }

  /** Stops accepting, lets running requests finish (up to a second), and frees the port. */
  @Override
  public void close() {
    http.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KeyVaultServer[" + uri + "]";
  }

  /** Configures and starts a {@link KeyVaultServer}. */
  public static final class Builder {
    private final KeyVault vault;
    private final Map<String, Identity> identities = new LinkedHashMap<>();
    private int port;
    private int threads = 8;
    private SecureRandom randomness;

    private Builder(KeyVault vault) {
      this.vault = Objects.requireNonNull(vault, "vault");
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Lets {@code who} call the server with bearer token {@code who.displayName()}. What it may do is
     * up to the vault's roles or access policies.
     *
     * @throws IllegalArgumentException when another identity already has that name
     */
    public Builder identity(Identity who) {
      Objects.requireNonNull(who, "who");
      Identity old = identities.putIfAbsent(who.displayName(), who);
      if (old != null && !old.equals(who)) {
        throw new IllegalArgumentException("two identities named '" + who.displayName() + "': " + old + " and " + who);
      }
      return this;
    }

    /** How many requests run at once (default 8). */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be 1..256, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * What each request draws from: its {@code x-ms-request-id}, and the ids, keys, padding and random
     * bytes the vault makes while serving it. By default the JDK's {@link SecureRandom}. A test that
     * wants the same ids on every run passes a seeded source ({@code Randomness.seeded(seed)} of
     * {@code io.diskcrypt.core.crypto}); the draws then follow the order the requests arrive in, so they
     * repeat for a client that makes one request at a time. Never a seeded source for real data.
     */
    public Builder randomness(SecureRandom source) {
      randomness = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IOException when the port cannot be bound
     */
    public KeyVaultServer start() throws IOException {
      SelfSignedCertificate cert = SelfSignedCertificate.generate();
      HttpsServer http = HttpsServer.create(new InetSocketAddress(SelfSignedCertificate.loopback(), port), 64);
      http.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "keyvault-server-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      URI uri = URI.create("https://localhost:" + http.getAddress().getPort());
      Wire wire = new Wire(vault.uri(), uri + "/", (int) vault.softDeleteRetention().toDays());
      http.createContext("/", new VaultHandler(new Api(vault, wire), Map.copyOf(identities), randomness));
      http.setExecutor(executor);
      http.start();
      return new KeyVaultServer(http, executor, cert, uri);
    }
  }
}
