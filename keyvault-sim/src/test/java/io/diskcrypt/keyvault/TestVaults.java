package io.diskcrypt.keyvault;

import io.diskcrypt.core.time.SimClock;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.function.UnaryOperator;

/**
 * Shared fixtures: an admin identity, fresh services and vaults, and RSA key pairs generated once per
 * test run (RSA-4096 generation is slow) for tests that import rather than create.
 */
public final class TestVaults {
  /** The user who creates vaults and holds every right in them. */
  public static final Identity ADMIN = Identity.user("admin@contoso");
  private static KeyPair rsa2048;
  private static KeyPair rsa4096;

  private TestVaults() {}

  /** A service on a fresh clock. */
  public static KeyVaultService service() {
    return new KeyVaultService(new SimClock());
  }

  /** A standard access-policy vault named {@code name} in which {@link #ADMIN} holds every right. */
  public static KeyVault vault(KeyVaultService service, String name) {
    return vault(service, name, b -> b);
  }

  /** A vault named {@code name}, its spec adjusted by {@code spec}; {@link #ADMIN} holds every right. */
  public static KeyVault vault(KeyVaultService service, String name, UnaryOperator<VaultSpec.Builder> spec) {
    return service.createVault(spec.apply(VaultSpec.builder(name)).build(), ADMIN);
  }

  /** One RSA-2048 key pair shared by the whole run. */
  public static synchronized KeyPair rsa2048() {
    if (rsa2048 == null) {
      rsa2048 = generate(2048);
    }
    return rsa2048;
  }

  /** One RSA-4096 key pair shared by the whole run. */
  public static synchronized KeyPair rsa4096() {
    if (rsa4096 == null) {
      rsa4096 = generate(4096);
    }
    return rsa4096;
  }

  private static KeyPair generate(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
