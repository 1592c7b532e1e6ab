package io.diskcrypt.keyvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.VaultRole;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real Azure SDK's {@code SecretClient} against the server: every secret operation and its errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsSdkTest {
  static final Identity READER = Identity.managed("reader");

  private Served s;
  private SecretClient secrets;

  @BeforeAll
  void start() throws Exception {
    s = Served.start("sdk-secrets", READER);
    s.vault.assignRole(READER, VaultRole.SECRETS_USER);
    secrets = s.secrets(Served.ADMIN);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void set_get_byVersion_list_listVersions() {
    KeyVaultSecret v1 = secrets.setSecret("db-password", "first");
    KeyVaultSecret v2 = secrets.setSecret(new KeyVaultSecret("db-password", "second")
        .setProperties(new SecretProperties().setContentType("text/plain").setTags(Map.of("env", "test"))));

    assertThat(v1.getId()).startsWith(s.server.uri() + "/secrets/db-password/");
    assertThat(secrets.getSecret("db-password").getValue()).isEqualTo("second");
    assertThat(secrets.getSecret("db-password", v1.getProperties().getVersion()).getValue()).isEqualTo("first");
    assertThat(v2.getProperties().getContentType()).isEqualTo("text/plain");
    assertThat(v2.getProperties().getTags()).containsEntry("env", "test");
    assertThat(secrets.listPropertiesOfSecretVersions("db-password").stream().map(SecretProperties::getVersion))
        .containsExactlyInAnyOrder(v1.getProperties().getVersion(), v2.getProperties().getVersion());
    assertThat(secrets.listPropertiesOfSecrets().stream().map(SecretProperties::getName)).contains("db-password");
  }

  @Test
  void setWithAttributes_thenUpdate_disable_get403SecretDisabled() {
    OffsetDateTime exp = OffsetDateTime.ofInstant(s.clock.instant(), ZoneOffset.UTC).plusDays(30);
    KeyVaultSecret set = secrets.setSecret(new KeyVaultSecret("api-key", "v").setProperties(
        new SecretProperties().setExpiresOn(exp)));
    assertThat(set.getProperties().getExpiresOn()).isEqualTo(exp);

    SecretProperties updated = secrets.updateSecretProperties(set.getProperties().setEnabled(false));

    assertThat(updated.isEnabled()).isFalse();
    HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> secrets.getSecret("api-key"));
    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
    assertThat(e.getMessage()).contains("\"innererror\":{\"code\":\"SecretDisabled\"}")
        .contains("Operation get is not allowed on a disabled secret.");
  }

  @Test
  void missing_404SecretNotFound() {
    ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class, () -> secrets.getSecret("absent"));

    assertThat(e.getMessage()).contains("\"code\":\"SecretNotFound\"")
        .contains("A secret with (name/id) absent was not found in this key vault.");
  }

  @Test
  void delete_getDeleted_listDeleted_nameHeld409_recover_deleteAgain_purge() {
    KeyVaultSecret set = secrets.setSecret("temp", "value");

    DeletedSecret deleted = secrets.beginDeleteSecret("temp").waitForCompletion().getValue();
    assertThat(deleted.getRecoveryId()).isEqualTo(s.server.uri() + "/deletedsecrets/temp");
    assertThat(secrets.getDeletedSecret("temp").getId()).isEqualTo(set.getId());
    assertThat(secrets.listDeletedSecrets().stream().map(DeletedSecret::getName)).contains("temp");
    ResourceModifiedException conflict = catchThrowableOfType(ResourceModifiedException.class,
        () -> secrets.setSecret("temp", "again"));
    assertThat(conflict.getResponse().getStatusCode()).isEqualTo(409);
    assertThat(conflict.getMessage()).contains("Secret temp is currently in a deleted but recoverable state");

    assertThat(secrets.beginRecoverDeletedSecret("temp").waitForCompletion().getValue().getId()).isEqualTo(set.getId());
    assertThat(secrets.getSecret("temp").getValue()).isEqualTo("value");

    secrets.beginDeleteSecret("temp").waitForCompletion();
    secrets.purgeDeletedSecret("temp");
    assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> secrets.getDeletedSecret("temp"))).isNotNull();
  }

  @Test
  void secretsUser_reads_butMayNotSet_403NamingTheAction() {
    secrets.setSecret("shared", "visible");
    SecretClient reader = s.secrets(READER);

    assertThat(reader.getSecret("shared").getValue()).isEqualTo("visible");
    HttpResponseException e = catchThrowableOfType(HttpResponseException.class, () -> reader.setSecret("shared", "x"));
    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
    assertThat(e.getMessage()).contains("Microsoft.KeyVault/vaults/secrets/setSecret/action");
    assertThat(secrets.getSecret("shared").getValue()).isEqualTo("visible");
  }
}
