package io.diskcrypt.keyvault.provider;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.diskcrypt.core.testing.Seeds;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyDisabledException;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.TestVaults;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tink's KmsEnvelopeAead with a vault RSA key as its KEK. */
class VaultKmsClientTest {
  private static final Identity APP = Identity.managed("app-1");
  private static final byte[] AD = "disk-42".getBytes(StandardCharsets.UTF_8);
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "tink-kv");
  private final VaultKmsClient client = new VaultKmsClient(service, APP);
  private KeyBundle kek;
  private String uri;

  @BeforeAll
  static void registerTink() throws GeneralSecurityException {
    AeadConfig.register();
  }

  @BeforeEach
  void setUp() throws Exception {
    kek = vault.importKey(ADMIN, "tink-kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    vault.setAccessPolicy(APP, Set.of(KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY), Set.of());
    uri = VaultKmsClient.keyUri(kek.versionlessId());
  }

  private Aead envelope() throws GeneralSecurityException {
    return KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, client.getAead(uri));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void kmsEnvelopeAead_randomPlaintexts_roundTripWithAssociatedData(int i) throws Exception {
    long seed = Seeds.base() + i;
    SplittableRandom r = Seeds.random(seed);
    byte[] plaintext = new byte[r.nextInt(100_000)];
    r.nextBytes(plaintext);

    byte[] ct = envelope().encrypt(plaintext, AD);

    assertThat(envelope().decrypt(ct, AD)).as("seed %d", seed).isEqualTo(plaintext);
    assertThatThrownBy(() -> envelope().decrypt(ct, "disk-43".getBytes(StandardCharsets.UTF_8)))
        .as("seed %d", seed).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void kmsEnvelopeAead_keyDisabled_encryptAndDecryptFailWithTheVaultError() throws Exception {
    byte[] ct = envelope().encrypt(new byte[100], AD);
    vault.keys().update(ADMIN, kek.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> envelope().encrypt(new byte[100], AD)).isInstanceOf(KeyDisabledException.class)
        .hasMessageContaining(kek.id());
    assertThatThrownBy(() -> envelope().decrypt(ct, AD)).isInstanceOf(GeneralSecurityException.class)
        .satisfies(e -> assertThat(rootOrSelf(e)).isInstanceOf(KeyDisabledException.class));
  }

  private static Throwable rootOrSelf(Throwable t) {
    while (!(t instanceof KeyDisabledException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void remoteAead_afterRotation_oldCiphertextDecryptsNewUsesNewVersion() throws Exception {
    Aead remote = client.getAead(uri);
    byte[] old = remote.encrypt("hello".getBytes(StandardCharsets.UTF_8), AD);
    KeyBundle v2 = vault.createKey(ADMIN, "tink-kek", KeySpec.rsa(2048));
    byte[] fresh = remote.encrypt("world".getBytes(StandardCharsets.UTF_8), AD);

    assertThat(new String(remote.decrypt(old, AD), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(new String(fresh, StandardCharsets.ISO_8859_1)).contains(v2.id());
    assertThat(new String(remote.decrypt(fresh, AD), StandardCharsets.UTF_8)).isEqualTo("world");
  }

  @Test
  void remoteAead_everyByteFlipped_rejected() throws Exception {
    Aead remote = client.getAead(uri);
    byte[] ct = remote.encrypt(new byte[40], AD);
    for (int i = 0; i < ct.length; i += 7) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> remote.decrypt(bad, AD)).as("byte %d", at).isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(() -> remote.decrypt(java.util.Arrays.copyOf(ct, 20), AD)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void remoteAead_ciphertextOfAnotherKey_refused() throws Exception {
    vault.importKey(ADMIN, "other", TestVaults.rsa2048(), KeySpec.rsa(0));
    Aead other = client.getAead(VaultKmsClient.keyUri("https://tink-kv.vault.azure.net/keys/other"));
    byte[] ct = other.encrypt(new byte[8], AD);

    assertThatThrownBy(() -> client.getAead(uri).decrypt(ct, AD)).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("keys/other");
  }

  @Test
  void remoteAead_headerNamesKidInClear() throws Exception {
    byte[] ct = client.getAead(uri).encrypt(new byte[8], AD);
    ByteBuffer b = ByteBuffer.wrap(ct);
    assertThat(b.get()).isEqualTo((byte) 1);
    byte[] kid = new byte[b.getShort()];
    b.get(kid);
    assertThat(new String(kid, StandardCharsets.UTF_8)).isEqualTo(kek.id());
    assertThat(b.getShort()).isEqualTo((short) 256);
  }

  @Test
  void doesSupport_prefixAndBinding() {
    VaultKmsClient bound = new VaultKmsClient(service, APP, uri);

    assertThat(client.doesSupport(uri)).isTrue();
    assertThat(client.doesSupport(kek.versionlessId())).isFalse();
    assertThat(client.doesSupport("aws-kms://arn:aws:kms:us-east-1:1:key/x")).isFalse();
    assertThat(client.doesSupport(VaultKmsClient.keyUri("https://tink-kv.vault.azure.net/secrets/s"))).isFalse();
    assertThat(bound.doesSupport(uri)).isTrue();
    assertThat(bound.doesSupport(VaultKmsClient.keyUri("https://tink-kv.vault.azure.net/keys/other"))).isFalse();
    assertThatThrownBy(() -> bound.getAead(VaultKmsClient.keyUri("https://tink-kv.vault.azure.net/keys/other")))
        .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("bound");
  }

  @Test
  void credentials_identityIsTheOnlyCredential() throws Exception {
    assertThat(client.withDefaultCredentials()).isSameAs(client);
    assertThatThrownBy(() -> client.withCredentials("/tmp/creds.json")).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void callerWithoutWrapPermission_encryptForbidden() throws Exception {
    vault.removeAccessPolicy(APP);
    assertThatThrownBy(() -> envelope().encrypt(new byte[8], AD))
        .isInstanceOf(io.diskcrypt.keyvault.ForbiddenException.class);
  }
}
