package io.diskcrypt.keyvault.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.testing.Seeds;
import io.diskcrypt.keyvault.BadParameterException;
import io.diskcrypt.keyvault.TestVaults;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformManagedKeysTest {
  private final PlatformManagedKeys pmk = new PlatformManagedKeys("westeurope");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void newDataKey_anyLength_roundTrips(int i) throws Exception {
    long seed = Seeds.base() + i;
    SplittableRandom r = Seeds.random(seed);
    int length = 16 + r.nextInt(64);
    try (DataKey dk = pmk.newDataKey(pmk.keyId("disks"), length)) {
      assertThat(dk.wrapped().keyId()).as("seed %d", seed).matches("platform://westeurope/disks/[0-9a-f]{32}");
      assertThat(dk.wrapped().algorithm()).isEqualTo("A256KWP");
      assertThat(pmk.unwrap(dk.wrapped()).equalsInConstantTime(dk.plaintext())).as("seed %d", seed).isTrue();
    }
  }

  @Test
  void rotate_newVersionForNewWraps_oldVersionStillUnwraps() throws Exception {
    DataKey old = pmk.newDataKey("platform://westeurope/disks", 64);
    String v2 = pmk.rotate("disks");
    WrappedKey next = pmk.wrap(pmk.keyId("disks"), old.plaintext());

    assertThat(v2).isNotEqualTo(old.wrapped().keyId());
    assertThat(next.keyId()).isEqualTo(v2).isEqualTo(pmk.currentVersionId("disks"));
    assertThat(pmk.unwrap(old.wrapped()).equalsInConstantTime(old.plaintext())).isTrue();
  }

  @Test
  void platformKeys_areInNoVaultAndOfferNoCustomerControl() throws Exception {
    String id = pmk.keyId("disks");
    assertThatThrownBy(() -> TestVaults.service().vaultOf(id)).isInstanceOf(BadParameterException.class);
    assertThat(Arrays.stream(PlatformManagedKeys.class.getMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getDeclaringClass() == PlatformManagedKeys.class)
            .map(Method::getName))
        .noneMatch(n -> n.matches("(?i).*(disable|delete|revoke|export|purge|grant|access|bytes|material).*"));
  }

  @Test
  void otherRegion_unavailable() {
    assertThatThrownBy(() -> pmk.wrap("platform://eastus/disks", SecretKeyMaterial.random(32)))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE)).hasMessageContaining("eastus");
  }

  @Test
  void unknownVersion_unavailable() {
    pmk.keyId("disks");
    WrappedKey w = new WrappedKey("platform://westeurope/disks/" + "0".repeat(32), "A256KWP", new byte[40]);
    assertThatThrownBy(() -> pmk.unwrap(w)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DELETED));
  }

  @Test
  void tamperedWrappedKey_refused() throws Exception {
    WrappedKey w = pmk.wrap(pmk.keyId("disks"), SecretKeyMaterial.random(32));
    byte[] ct = w.ciphertext();
    ct[3] ^= 1;
    assertThatThrownBy(() -> pmk.unwrap(new WrappedKey(w.keyId(), w.algorithm(), ct)))
        .isInstanceOf(KeyAccessException.class).hasMessageContaining("integrity");
  }

  @Test
  void unwrapWithoutVersionOrWrongAlgorithm_refused() throws Exception {
    WrappedKey w = pmk.wrap(pmk.keyId("disks"), SecretKeyMaterial.random(32));
    assertThatThrownBy(() -> pmk.unwrap(new WrappedKey(pmk.keyId("disks"), w.algorithm(), w.ciphertext())))
        .isInstanceOf(KeyAccessException.class).hasMessageContaining("exact");
    assertThatThrownBy(() -> pmk.unwrap(new WrappedKey(w.keyId(), "RSA-OAEP", w.ciphertext())))
        .isInstanceOf(KeyAccessException.class).hasMessageContaining("RSA-OAEP");
  }

  @Test
  void badRegionOrName_illegalArgument() {
    assertThatThrownBy(() -> new PlatformManagedKeys("West Europe")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pmk.keyId("a/b")).isInstanceOf(IllegalArgumentException.class);
  }
}
