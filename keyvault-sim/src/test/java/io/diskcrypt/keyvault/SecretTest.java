package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "secret-kv");

  @Test
  void setSecret_versionedIdContentTypeAndTags() throws Exception {
    SecretBundle s = vault.setSecret(ADMIN, "bek-1", "cGFzcw==", "BEK", Map.of("MachineName", "vm1"));

    assertThat(s.id()).matches("https://secret-kv\\.vault\\.azure\\.net/secrets/bek-1/[0-9a-f]{32}");
    assertThat(s.contentType()).contains("BEK");
    assertThat(s.tags()).containsEntry("MachineName", "vm1");
    assertThat(s.attributes().enabled()).isTrue();
    assertThat(s.toString()).doesNotContain("cGFzcw==");
    assertThat(vault.events()).extracting(VaultEvent::type).containsExactly(VaultEvent.Type.SECRET_NEW_VERSION_CREATED);
  }

  @Test
  void setSecret_withAttributes_inOneCall_andABadWindowAddsNoVersion() throws Exception {
    java.time.Instant now = service.clock().instant();
    SecretBundle s = vault.setSecret(ADMIN, "windowed", "v", null, Map.of("t", "1"), AttributesUpdate.none()
        .withEnabled(false).withNotBefore(now).withExpires(now.plus(java.time.Duration.ofDays(1))));

    assertThat(s.attributes().enabled()).isFalse();
    assertThat(s.attributes().notBefore()).contains(now);
    assertThat(s.attributes().expires()).contains(now.plus(java.time.Duration.ofDays(1)));
    assertThat(s.tags()).containsEntry("t", "1");
    assertThat(vault.auditLog()).filteredOn(e -> e.objectId().contains("/windowed")).hasSize(1);

    assertThatThrownBy(() -> vault.setSecret(ADMIN, "windowed", "w", null, Map.of(), AttributesUpdate.none()
        .withNotBefore(now.plus(java.time.Duration.ofDays(2))).withExpires(now)))
        .isInstanceOf(BadParameterException.class);
    assertThat(vault.secrets().listVersions(ADMIN, "windowed")).hasSize(1);
  }

  @Test
  void setSecret_again_newVersionOldStillReadable() throws Exception {
    SecretBundle v1 = vault.setSecret(ADMIN, "s", "one", null, Map.of());
    SecretBundle v2 = vault.setSecret(ADMIN, "s", "two", null, null);

    assertThat(v2.version()).isNotEqualTo(v1.version());
    assertThat(vault.secrets().get(ADMIN, v1.id()).value()).isEqualTo("one");
    assertThat(vault.secrets().get(ADMIN, "s").value()).isEqualTo("two");
    assertThat(vault.secrets().get(ADMIN, "https://secret-kv.vault.azure.net/secrets/s").id()).isEqualTo(v2.id());
    assertThat(v2.contentType()).isEmpty();
  }

  @Test
  void getSecret_disabled_secretDisabledWithoutValue() throws Exception {
    SecretBundle s = vault.setSecret(ADMIN, "s", "top-secret-value", null, Map.of());
    vault.secrets().update(ADMIN, s.id(), AttributesUpdate.disable());

    assertThatThrownBy(() -> vault.secrets().get(ADMIN, s.id()))
        .isInstanceOf(SecretDisabledException.class).hasMessageContaining(s.id())
        .hasMessageNotContaining("top-secret-value")
        .extracting(e -> ((KeyVaultException) e).errorCode()).isEqualTo("SecretDisabled");
    vault.secrets().update(ADMIN, s.id(), AttributesUpdate.enable());
    assertThat(vault.secrets().get(ADMIN, s.id()).value()).isEqualTo("top-secret-value");
  }

  @Test
  void getSecret_outsideNbfExp_stillReadableAsTheService() throws Exception {
    SecretBundle s = vault.setSecret(ADMIN, "s", "v", null, Map.of());
    Instant now = service.clock().instant();
    vault.secrets().update(ADMIN, s.id(), new AttributesUpdate(Optional.empty(), Optional.of(now.plus(Duration.ofDays(1))),
        Optional.of(now.plus(Duration.ofDays(2))), Optional.empty()));

    assertThat(vault.secrets().get(ADMIN, s.id()).attributes().isActiveAt(now)).isFalse();
    assertThat(vault.secrets().get(ADMIN, s.id()).value()).isEqualTo("v");
    service.clock().advance(Duration.ofDays(3));
    assertThat(vault.secrets().get(ADMIN, s.id()).value()).isEqualTo("v");
  }

  @Test
  void updateSecret_tagsAndExpiry_changeOnlyThatVersion() throws Exception {
    SecretBundle v1 = vault.setSecret(ADMIN, "s", "one", null, Map.of());
    SecretBundle v2 = vault.setSecret(ADMIN, "s", "two", null, Map.of());
    Instant exp = service.clock().instant().plus(Duration.ofDays(10));

    vault.secrets().update(ADMIN, v1.id(), AttributesUpdate.tags(Map.of("k", "v")));
    SecretBundle updated = vault.secrets().update(ADMIN, v1.id(), AttributesUpdate.expires(exp));

    assertThat(updated.tags()).containsEntry("k", "v");
    assertThat(updated.attributes().expires()).contains(exp);
    assertThat(vault.secrets().get(ADMIN, v2.id()).tags()).isEmpty();
  }

  @Test
  void updateSecret_nbfAfterExp_badParameter() throws Exception {
    SecretBundle s = vault.setSecret(ADMIN, "s", "v", null, Map.of());
    Instant now = service.clock().instant();
    assertThatThrownBy(() -> vault.secrets().update(ADMIN, s.id(), new AttributesUpdate(Optional.empty(),
        Optional.of(now.plusSeconds(10)), Optional.of(now), Optional.empty())))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("nbf");
  }

  @Test
  void setSecret_over25KiB_badParameterNamesLimit() throws Exception {
    assertThat(vault.setSecret(ADMIN, "ok", "x".repeat(25 * 1024), null, Map.of()).name()).isEqualTo("ok");
    assertThatThrownBy(() -> vault.setSecret(ADMIN, "big", "x".repeat(25 * 1024 + 1), null, Map.of()))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("25601").hasMessageContaining("25600");
  }

  @Test
  void setSecret_sixteenTags_badParameter() {
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i < 16; i++) {
      tags.put("t" + i, "v");
    }
    assertThatThrownBy(() -> vault.setSecret(ADMIN, "s", "v", null, tags))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("15");
  }

  @Test
  void getSecret_missingOrWrongCollection_refused() {
    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "missing")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> vault.secrets().get(ADMIN, "https://secret-kv.vault.azure.net/keys/k"))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("secrets id");
    assertThatThrownBy(() -> vault.setSecret(ADMIN, "bad name", "v", null, Map.of()))
        .isInstanceOf(BadParameterException.class);
  }
}
