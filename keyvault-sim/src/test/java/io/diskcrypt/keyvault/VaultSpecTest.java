package io.diskcrypt.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VaultSpecTest {

  @Test
  void builder_defaults_ninetyDaysStandardAccessPolicies() {
    VaultSpec s = VaultSpec.builder("Contoso-KV1").build();

    assertThat(s.name()).isEqualTo("contoso-kv1");
    assertThat(s.softDeleteRetentionDays()).isEqualTo(90);
    assertThat(s.sku()).isEqualTo(VaultSpec.Sku.STANDARD);
    assertThat(s.purgeProtection()).isFalse();
    assertThat(s.rbacAuthorization()).isFalse();
    assertThat(s.enabledForDiskEncryption()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, 91, 365})
  void builder_retentionOutside7To90_refusedWithRange(int days) {
    assertThatThrownBy(() -> VaultSpec.builder("kv-one").softDeleteRetentionDays(days).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7..90").hasMessageContaining("" + days);
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 90})
  void builder_retentionBounds_accepted(int days) {
    assertThat(VaultSpec.builder("kv-one").softDeleteRetentionDays(days).build().softDeleteRetentionDays()).isEqualTo(days);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "1abc", "abc-", "a--bc", "abcdefghijklmnopqrstuvwxy", "ab_c"})
  void builder_badVaultName_refusedNamingTheName(String name) {
    assertThatThrownBy(() -> VaultSpec.builder(name).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
  }

  @Test
  void vaultObjectId_parse_versionedAndVersionless() {
    VaultObjectId v = VaultObjectId.parse("https://kv1.vault.azure.net/keys/kek/0123456789abcdef0123456789abcdef");
    VaultObjectId u = VaultObjectId.parse("https://kv1.vault.azure.net/secrets/s1");

    assertThat(v.isVersioned()).isTrue();
    assertThat(v.isKey()).isTrue();
    assertThat(v.versionless().url()).isEqualTo("https://kv1.vault.azure.net/keys/kek");
    assertThat(u.isVersioned()).isFalse();
    assertThat(u.isKey()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://kv1.vault.azure.net/keys/k", "https://kv1.vault.azure.net/certificates/k",
      "https://kv1.vault.azure.net/keys/k/1234", "https://kv1.example.com/keys/k", "kek"})
  void vaultObjectId_parse_malformedRefused(String url) {
    assertThatThrownBy(() -> VaultObjectId.parse(url)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(url);
  }

  @Test
  void identity_sameNameAndKind_samePrincipalDifferentKindDifferent() {
    assertThat(Identity.managed("des-1").principalId()).isEqualTo(Identity.managed("des-1").principalId());
    assertThat(Identity.managed("des-1").principalId()).isNotEqualTo(Identity.user("des-1").principalId());
    assertThat(Identity.user("alice").displayName()).isEqualTo("alice");
  }

  @Test
  void keyWrapAlgorithm_wireNamesAndLimitsFor2048() {
    assertThat(KeyWrapAlgorithm.fromWireName("RSA-OAEP-256")).isEqualTo(KeyWrapAlgorithm.RSA_OAEP_256);
    assertThat(KeyWrapAlgorithm.RSA_OAEP.maxPlaintextBytes(2048)).isEqualTo(214);
    assertThat(KeyWrapAlgorithm.RSA_OAEP_256.maxPlaintextBytes(2048)).isEqualTo(190);
    assertThat(KeyWrapAlgorithm.RSA1_5.maxPlaintextBytes(2048)).isEqualTo(245);
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromWireName("A256KW")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("A256KW");
  }
}
