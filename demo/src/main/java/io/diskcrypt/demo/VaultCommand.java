package io.diskcrypt.demo;

import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.server.KeyVaultServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diskcrypt vault serve}: one simulated Key Vault over HTTPS, for the Azure SDKs and curl. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = "A simulated Azure Key Vault that other programs reach over HTTPS.",
    subcommands = {VaultCommand.Serve.class})
final class VaultCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The identity a bearer token names: {@code admin} is a user, every other name a managed identity. */
  static Identity identity(String name) {
    return name.equals("admin") ? Identity.user("admin") : Identity.managed(name);
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serves one Key Vault (Azure RBAC) with the data-plane REST API at https://localhost:PORT, prints",
        "'vault: https://localhost:PORT' when it accepts connections, and runs until terminated.",
        "The bearer token is the caller's identity name (a simulation: tokens are not validated);",
        "'admin' holds Key Vault Administrator. The vault's clock follows the wall clock."
      })
  static final class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "the port (default: any free port)")
    int port;

    @Option(names = "--cert", description = "write the server's self-signed certificate (SANs localhost, 127.0.0.1) as PEM to FILE")
    Path cert;

    @Option(names = "--role", paramLabel = "NAME=ROLE",
        description = "give identity NAME the built-in role ROLE by its Azure name, e.g. \"app1=Key Vault Crypto User\" (repeatable)")
    List<String> roles = new ArrayList<>();

    @Option(names = "--throttle", description = "apply the service's per-10-second limits (429 with Retry-After)")
    boolean throttle;

    @Option(names = "--vault-name", defaultValue = "diskcrypt-kv", description = "the vault's name (default ${DEFAULT-VALUE})")
    String vaultName;

    @Option(names = "--sku", defaultValue = "standard", description = "standard or premium (HSM keys) (default ${DEFAULT-VALUE})")
    String sku;

    @Option(names = "--purge-protection", description = "turn purge protection on")
    boolean purgeProtection;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0..65535, got " + port);
      }
      VaultSpec.Sku tier = switch (sku.toLowerCase(Locale.ROOT)) {
        case "standard" -> VaultSpec.Sku.STANDARD;
        case "premium" -> VaultSpec.Sku.PREMIUM;
        default -> throw new IllegalArgumentException("--sku must be standard or premium, got '" + sku + "'");
      };
      SimClock clock = new SimClock(Instant.now());
      KeyVaultService service = new KeyVaultService(clock);
      service.setThrottling(throttle);
      KeyVault vault = service.createVault(VaultSpec.builder(vaultName).sku(tier).purgeProtection(purgeProtection)
          .rbacAuthorization(true).build());
      KeyVaultServer.Builder server = KeyVaultServer.builder(vault);
      Identity admin = identity("admin");
      vault.assignRole(admin, VaultRole.ADMINISTRATOR);
      server.identity(admin);
      for (String r : roles) {
        int eq = r.indexOf('=');
        if (eq <= 0 || eq == r.length() - 1) {
          throw new IllegalArgumentException("--role must be NAME=ROLE, e.g. \"app1=Key Vault Crypto User\"; got '" + r + "'");
        }
        Identity who = identity(r.substring(0, eq).trim());
        vault.assignRole(who, VaultRole.fromRoleName(r.substring(eq + 1)));
        server.identity(who);
      }
      KeyVaultServer running = server.port(port).start();
      if (cert != null) {
        Files.writeString(cert, running.certificatePem(), StandardCharsets.US_ASCII);
      }
      ScheduledExecutorService ticker = followWallClock(clock);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        ticker.shutdownNow();
        running.close();
        stopped.countDown();
      }, "vault-serve-shutdown"));
      System.out.println("vault: " + running.uri());
      System.out.flush();
      stopped.await();
      return 0;
    }

    /** Moves the simulated clock to the wall clock every 100 ms, so that nbf, exp and throttling windows pass. */
    private static ScheduledExecutorService followWallClock(SimClock clock) {
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vault-serve-clock");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(() -> {
        Duration behind = Duration.between(clock.instant(), Instant.now());
        if (!behind.isNegative() && !behind.isZero()) {
          clock.advance(behind);
        }
      }, 100, 100, TimeUnit.MILLISECONDS);
      return ticker;
    }
  }
}
