package io.diskcrypt.testing;

import static io.diskcrypt.testing.DiskcryptAssertions.assertThatVm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.sse.ServerSideEncryption;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import reactor.core.publisher.Mono;

/**
 * The region's vault served over HTTPS to the real Azure SDK: the application's key is the platform's
 * key, and the extension closes the server after the test. The application test runs through the JUnit
 * Platform launcher (surefire does not run nested classes by itself) so that what the extension does
 * after it can be checked.
 */
class ServedVaultTest {
  static final AtomicReference<SimulatedRegion> REGION = new AtomicReference<>();
  static final AtomicReference<Integer> PORT = new AtomicReference<>();

  @Test
  void keyMadeAndDisabledThroughTheSdk_isTheDisksKey_vmStopsAfterTheGracePeriod_serverClosedAfterTheTest() {
    REGION.set(null);
    PORT.set(null);
    Map<String, TestExecutionResult> results = run(Application.class);

    assertThat(results).containsOnlyKeys("sdkKeyProtectsTheDisk_disabledThroughTheSdk_vmStops");
    TestExecutionResult result = results.values().iterator().next();
    assertThat(result.getThrowable()).isEmpty();
    assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(PORT.get()).isNotNull();
    assertThatThrownBy(() -> connect(PORT.get())).as("the port after the test").isInstanceOf(ConnectException.class);
    assertThatThrownBy(REGION.get()::vaultServer).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void serverStartsOnFirstUse_acceptsUntilTheRegionCloses() throws IOException {
    SimulatedRegion region = SimulatedRegion.create();
    ServedVault served = region.vaultServer();

    assertThat(region.vaultServer()).isSameAs(served);
    assertThat(served.vaultUrl()).isEqualTo("https://localhost:" + served.port());
    assertThat(served.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(served.certificate().getSubjectX500Principal().getName()).contains("localhost");
    assertThat(served.identity()).isEqualTo(region.admin());
    assertThat(served.bearerToken()).isEqualTo(region.admin().displayName());
    connect(served.port());

    region.close();

    assertThatThrownBy(() -> connect(served.port())).isInstanceOf(ConnectException.class);
    region.close();
  }

  private static void connect(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }

  private static Map<String, TestExecutionResult> run(Class<?> testClass) {
    return NestedTests.run(testClass);
  }

  /** What an application's test does: the SDK for the application, the kit for the platform. */
  @DiskcryptTest
  static class Application {
    @Test
    void sdkKeyProtectsTheDisk_disabledThroughTheSdk_vmStops(SimulatedRegion region) throws Exception {
      REGION.set(region);
      ServedVault served = region.vaultServer();
      PORT.set(served.port());
      KeyClient keys = new KeyClientBuilder()
          .vaultUrl(served.vaultUrl())
          .credential(request -> Mono.just(new AccessToken(served.bearerToken(), OffsetDateTime.now().plusHours(1))))
          .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(served.clientSslContext())).build())
          .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
          .disableChallengeResourceVerification()
          .buildClient();

      KeyVaultKey made = keys.createRsaKey(new CreateRsaKeyOptions("orders-key").setKeySize(2048));
      CustomerKey key = region.existingCustomerKey("orders-key");
      assertThat(key.keyId()).endsWith("/keys/orders-key/" + made.getProperties().getVersion());
      VirtualMachine vm = region.vm("app-vm").dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
      region.useCustomerKey(vm.disk("data0"), key);
      vm.start();
      byte[] sector = Arrays.copyOf("order 1001".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 512);
      vm.disk("data0").write(0, sector);
      vm.disk("data0").flush();

      keys.updateKeyProperties(keys.getKey("orders-key").getProperties().setEnabled(false));
      region.advance(ServerSideEncryption.REVOCATION_GRACE.minus(Duration.ofMinutes(1)));
      assertThatVm(vm).isRunning();
      region.advance(Duration.ofMinutes(1));
      assertThatVm(vm).isStopped().hasStopReasonContaining("orders-key");

      keys.updateKeyProperties(keys.getKey("orders-key").getProperties().setEnabled(true));
      vm.start();
      byte[] back = new byte[512];
      vm.disk("data0").read(0, back);
      assertThat(back).isEqualTo(sector);
      assertThat(region.vault().auditLog()).anySatisfy(e -> {
        assertThat(e.caller()).isEqualTo(region.admin());
        assertThat(e.operation()).isEqualTo("KeyUpdate");
      });
    }
  }
}
