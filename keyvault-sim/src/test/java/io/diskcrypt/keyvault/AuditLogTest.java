package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private final KeyVaultService service = TestVaults.service();
  private final KeyVault vault = TestVaults.vault(service, "audit-kv");

  @Test
  void everyCall_loggedWithTimeCallerOperationExactIdAndOutcome() throws Exception {
    Identity des = Identity.managed("des-1");
    KeyBundle k = vault.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    vault.wrapKey(ADMIN, k.versionlessId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]);
    assertThatThrownBy(() -> vault.unwrapKey(des, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[256]))
        .isInstanceOf(ForbiddenException.class);

    assertThat(vault.auditLog()).extracting(AuditEntry::operation, AuditEntry::objectId, AuditEntry::outcome,
            AuditEntry::httpStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("KeyImport", k.id(), "OK", 200),
            org.assertj.core.groups.Tuple.tuple("KeyWrap", k.id(), "OK", 200),
            org.assertj.core.groups.Tuple.tuple("KeyUnwrap", k.id(), "Forbidden", 403));
    AuditEntry refused = vault.auditLog().get(2);
    assertThat(refused.caller()).isEqualTo(des);
    assertThat(refused.time()).isEqualTo(service.clock().instant());
    assertThat(refused.succeeded()).isFalse();
  }

  @Test
  void auditLog_perVaultAndAcrossVaults() throws Exception {
    KeyVault other = TestVaults.vault(service, "audit-kv2");
    vault.setSecret(ADMIN, "s", "v", null, Map.of());
    other.setSecret(ADMIN, "s", "v", null, Map.of());

    assertThat(vault.auditLog()).hasSize(1).allMatch(e -> e.vault().equals("audit-kv"));
    assertThat(service.auditLog()).extracting(AuditEntry::vault).containsExactly("audit-kv", "audit-kv2");
  }

  @Test
  void auditLogAndErrors_neverHoldKeyOrSecretBytes() throws Exception {
    KeyBundle k = vault.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    byte[] dek = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    KeyOperationResult w = vault.wrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, dek);
    vault.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, w.value());
    vault.setSecret(ADMIN, "s", "SuperSecretPassphrase", "BEK", Map.of());
    vault.secrets().get(ADMIN, "s");
    byte[] tampered = w.value();
    tampered[0] ^= 1;
    Throwable err = org.assertj.core.api.Assertions.catchThrowable(
        () -> vault.unwrapKey(ADMIN, k.id(), KeyWrapAlgorithm.RSA_OAEP_256, tampered));

    String log = vault.auditLog().toString() + err.getMessage();
    assertThat(log).doesNotContain("SuperSecretPassphrase")
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(dek).substring(0, 16))
        .doesNotContain(Base64.getEncoder().encodeToString(dek).substring(0, 12))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(w.value()).substring(0, 16))
        .doesNotContain(Base64.getUrlEncoder().encodeToString(w.value()).substring(0, 12));
  }
}
