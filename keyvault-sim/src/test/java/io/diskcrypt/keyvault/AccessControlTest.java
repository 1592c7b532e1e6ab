package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Access policies and RBAC roles: each operation needs its own permission. */
class AccessControlTest {
  private static final Identity DES = Identity.managed("des-westeurope-1");
  private final KeyVaultService service = TestVaults.service();

  /** One data-plane call and the key or secret permission it needs. */
  private interface Op {
    void run(KeyVault v, Identity who) throws KeyVaultException;
  }

  private record Case(String name, KeyPermission keyPerm, SecretPermission secretPerm, Op op) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final byte[] DEK = new byte[32];

  private static Stream<Case> cases() {
    String k = "https://acl-kv.vault.azure.net/keys/kek";
    KeyWrapAlgorithm a = KeyWrapAlgorithm.RSA_OAEP_256;
    return Stream.of(
        new Case("getKey", KeyPermission.GET, null, (v, w) -> v.keys().get(w, k)),
        new Case("listKeys", KeyPermission.LIST, null, (v, w) -> v.keys().list(w)),
        new Case("createKey", KeyPermission.CREATE, null, (v, w) -> v.createKey(w, "ec2", KeySpec.ec(KeyCurve.P_256))),
        new Case("importKey", KeyPermission.IMPORT, null,
            (v, w) -> v.importKey(w, "imp", TestVaults.rsa2048(), KeySpec.rsa(0))),
        new Case("updateKey", KeyPermission.UPDATE, null, (v, w) -> v.keys().update(w, k, KeyAttributesUpdate.enable())),
        new Case("wrapKey", KeyPermission.WRAP_KEY, null, (v, w) -> v.wrapKey(w, k, a, DEK)),
        new Case("unwrapKey", KeyPermission.UNWRAP_KEY, null,
            (v, w) -> v.unwrapKey(w, k, a, v.wrapKey(ADMIN, k, a, DEK).value())),
        new Case("encrypt", KeyPermission.ENCRYPT, null, (v, w) -> v.encrypt(w, k, a, DEK)),
        new Case("decrypt", KeyPermission.DECRYPT, null,
            (v, w) -> v.decrypt(w, k, a, v.encrypt(ADMIN, k, a, DEK).value())),
        new Case("rotateKey", KeyPermission.ROTATE, null, (v, w) -> v.rotateKey(w, "ec")),
        new Case("deleteKey", KeyPermission.DELETE, null, (v, w) -> v.keys().delete(w, "ec")),
        new Case("recoverDeletedKey", KeyPermission.RECOVER, null, (v, w) -> {
          v.keys().delete(ADMIN, "ec");
          v.keys().recover(w, "ec");
        }),
        new Case("purgeDeletedKey", KeyPermission.PURGE, null, (v, w) -> {
          v.keys().delete(ADMIN, "ec");
          v.keys().purge(w, "ec");
        }),
        new Case("setRotationPolicy", KeyPermission.SET_ROTATION_POLICY, null,
            (v, w) -> v.setRotationPolicy(w, "ec", RotationPolicy.rotateAfterCreate(java.time.Duration.ofDays(30)))),
        new Case("getRotationPolicy", KeyPermission.GET_ROTATION_POLICY, null, (v, w) -> v.getRotationPolicy(w, "ec")),
        new Case("setSecret", null, SecretPermission.SET, (v, w) -> v.setSecret(w, "s2", "v", null, Map.of())),
        new Case("getSecret", null, SecretPermission.GET, (v, w) -> v.secrets().get(w, "s")),
        new Case("updateSecret", null, SecretPermission.SET, (v, w) -> v.secrets().update(w, "s", AttributesUpdate.enable())),
        new Case("deleteSecret", null, SecretPermission.DELETE, (v, w) -> v.secrets().delete(w, "s")),
        new Case("recoverDeletedSecret", null, SecretPermission.RECOVER, (v, w) -> {
          v.secrets().delete(ADMIN, "s");
          v.secrets().recover(w, "s");
        }),
        new Case("purgeDeletedSecret", null, SecretPermission.PURGE, (v, w) -> {
          v.secrets().delete(ADMIN, "s");
          v.secrets().purge(w, "s");
        }));
  }

  private KeyVault policyVault() throws KeyVaultException {
    KeyVault v = TestVaults.vault(service, "acl-kv");
    v.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    v.createKey(ADMIN, "ec", KeySpec.ec(KeyCurve.P_256));
    v.setSecret(ADMIN, "s", "value", null, Map.of());
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void accessPolicy_everyPermissionButTheNeededOne_forbidden(Case c) throws Exception {
    KeyVault v = policyVault();
    Set<KeyPermission> keys = EnumSet.allOf(KeyPermission.class);
    Set<SecretPermission> secrets = EnumSet.allOf(SecretPermission.class);
    if (c.keyPerm != null) {
      keys.remove(c.keyPerm);
    } else {
      secrets.remove(c.secretPerm);
    }
    v.setAccessPolicy(DES, keys, secrets);

    Throwable t = catchThrowable(() -> c.op.run(v, DES));

    assertThat(t).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining(DES.principalId())
        .hasMessageContaining("'" + (c.keyPerm != null ? c.keyPerm.wireName() : c.secretPerm.wireName()) + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void accessPolicy_onlyTheNeededPermission_allowed(Case c) throws Exception {
    KeyVault v = policyVault();
    v.setAccessPolicy(DES, c.keyPerm == null ? Set.of() : Set.of(c.keyPerm),
        c.secretPerm == null ? Set.of() : Set.of(c.secretPerm));

    assertThatCode(() -> c.op.run(v, DES)).as("%s with only its permission", c).doesNotThrowAnyException();
    assertThat(v.auditLog()).filteredOn(e -> e.caller().equals(DES)).as("%s: the one call DES made, allowed", c)
        .singleElement().satisfies(e -> {
          assertThat(e.succeeded()).isTrue();
          assertThat(e.httpStatus()).isEqualTo(200);
        });
  }

  @Test
  void accessPolicy_desPermissions_wrapAndUnwrapButNotEncryptOrCreate() throws Exception {
    KeyVault v = policyVault();
    v.setAccessPolicy(DES, KeyPermission.diskEncryptionSet(), Set.of());
    String k = "https://acl-kv.vault.azure.net/keys/kek";

    byte[] w = v.wrapKey(DES, k, KeyWrapAlgorithm.RSA_OAEP_256, DEK).value();
    assertThat(v.unwrapKey(DES, k, KeyWrapAlgorithm.RSA_OAEP_256, w).value()).isEqualTo(DEK);
    assertThatThrownBy(() -> v.encrypt(DES, k, KeyWrapAlgorithm.RSA_OAEP_256, DEK)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> v.createKey(DES, "x", KeySpec.rsa(2048))).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> v.secrets().get(DES, "s")).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void removeAccessPolicy_nextCallForbiddenSayingSo() throws Exception {
    KeyVault v = policyVault();
    v.setAccessPolicy(DES, KeyPermission.diskEncryptionSet(), Set.of());
    v.keys().get(DES, "kek");
    v.removeAccessPolicy(DES);

    assertThatThrownBy(() -> v.keys().get(DES, "kek"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("no access policy");
  }

  @Test
  void accessPolicyVault_roleAssignment_hasNoEffect() throws Exception {
    KeyVault v = policyVault();
    v.assignRole(DES, VaultRole.CRYPTO_OFFICER);

    assertThatThrownBy(() -> v.keys().get(DES, "kek"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("role assignments are ignored");
  }

  private KeyVault rbacVault() throws KeyVaultException {
    KeyVault v = TestVaults.vault(service, "rbac-kv", b -> b.rbacAuthorization(true));
    v.importKey(ADMIN, "kek", TestVaults.rsa2048(), KeySpec.rsa(0));
    v.setSecret(ADMIN, "s", "value", null, Map.of());
    return v;
  }

  @Test
  void rbacVault_accessPolicy_hasNoEffect() throws Exception {
    KeyVault v = rbacVault();
    v.setAccessPolicy(DES, KeyPermission.all(), SecretPermission.all());

    assertThatThrownBy(() -> v.keys().get(DES, "kek"))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("access policies are ignored");
  }

  /**
   * Per built-in role, whether each call is allowed, written out from the Azure role definitions
   * (as {@link VaultRole} documents them), not derived from the role's own permission sets: get, wrap,
   * unwrap, encrypt, create key, get secret, set secret.
   */
  static Stream<Arguments> roleMatrix() {
    return Stream.of(
        // every key and secret action
        Arguments.of(VaultRole.ADMINISTRATOR, true, true, true, true, true, true, true),
        // metadata only: read keys (public part), no key use, no secret values
        Arguments.of(VaultRole.READER, true, false, false, false, false, false, false),
        // keys/read, wrapKey, unwrapKey only: what a disk encryption set needs
        Arguments.of(VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER, true, true, true, false, false, false, false),
        // release only (confidential VMs): none of these
        Arguments.of(VaultRole.CRYPTO_SERVICE_RELEASE_USER, false, false, false, false, false, false, false),
        // use and read keys, no create, delete or rotate; no secrets
        Arguments.of(VaultRole.CRYPTO_USER, true, true, true, true, false, false, false),
        // every key action; no secrets
        Arguments.of(VaultRole.CRYPTO_OFFICER, true, true, true, true, true, false, false),
        // read secret values only; no keys
        Arguments.of(VaultRole.SECRETS_USER, false, false, false, false, false, true, false),
        // every secret action; no keys
        Arguments.of(VaultRole.SECRETS_OFFICER, false, false, false, false, false, true, true));
  }

  @Test
  void roleMatrix_coversEveryKeyVaultRole() {
    assertThat(roleMatrix().map(a -> a.get()[0])).containsExactlyInAnyOrderElementsOf(
        java.util.Arrays.stream(VaultRole.values()).filter(r -> r.kind() == VaultKind.KEY_VAULT).toList());
  }

  @ParameterizedTest
  @MethodSource("roleMatrix")
  void rbacVault_eachRole_grantsExactlyItsActions(VaultRole role, boolean get, boolean wrap, boolean unwrap,
      boolean encrypt, boolean create, boolean getSecret, boolean setSecret) throws Exception {
    KeyVault v = rbacVault();
    v.assignRole(DES, role);
    String k = "https://rbac-kv.vault.azure.net/keys/kek";
    KeyWrapAlgorithm a = KeyWrapAlgorithm.RSA_OAEP_256;
    byte[] wrapped = v.wrapKey(ADMIN, k, a, DEK).value();

    assertThat(allowed(() -> v.keys().get(DES, k))).as("%s get", role).isEqualTo(get);
    assertThat(allowed(() -> v.wrapKey(DES, k, a, DEK))).as("%s wrap", role).isEqualTo(wrap);
    assertThat(allowed(() -> v.unwrapKey(DES, k, a, wrapped))).as("%s unwrap", role).isEqualTo(unwrap);
    assertThat(allowed(() -> v.encrypt(DES, k, a, DEK))).as("%s encrypt", role).isEqualTo(encrypt);
    assertThat(allowed(() -> v.createKey(DES, "ec", KeySpec.ec(KeyCurve.P_256)))).as("%s create", role).isEqualTo(create);
    assertThat(allowed(() -> v.secrets().get(DES, "s"))).as("%s getSecret", role).isEqualTo(getSecret);
    assertThat(allowed(() -> v.setSecret(DES, "s", "x", null, Map.of()))).as("%s setSecret", role).isEqualTo(setSecret);
  }

  @Test
  void rbacRoles_matchTheBuiltInDefinitions() {
    assertThat(VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER.keyPermissions())
        .containsExactlyInAnyOrder(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    assertThat(VaultRole.CRYPTO_USER.keyPermissions()).containsExactlyInAnyOrder(KeyPermission.GET, KeyPermission.LIST,
        KeyPermission.UPDATE, KeyPermission.BACKUP, KeyPermission.ENCRYPT, KeyPermission.DECRYPT, KeyPermission.WRAP_KEY,
        KeyPermission.UNWRAP_KEY, KeyPermission.SIGN, KeyPermission.VERIFY);
    assertThat(VaultRole.CRYPTO_USER.keyPermissions()).contains(KeyPermission.ENCRYPT, KeyPermission.DECRYPT)
        .doesNotContain(KeyPermission.CREATE, KeyPermission.DELETE, KeyPermission.PURGE, KeyPermission.ROTATE);
    assertThat(VaultRole.CRYPTO_OFFICER.keyPermissions()).contains(KeyPermission.CREATE, KeyPermission.PURGE,
        KeyPermission.SET_ROTATION_POLICY);
    assertThat(VaultRole.SECRETS_USER.secretPermissions()).contains(SecretPermission.GET).doesNotContain(SecretPermission.SET);
    assertThat(VaultRole.SECRETS_USER.secretPermissions()).containsExactlyInAnyOrder(SecretPermission.GET, SecretPermission.LIST);
    for (VaultRole keyRole : new VaultRole[] {VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER, VaultRole.CRYPTO_USER, VaultRole.CRYPTO_OFFICER}) {
      assertThat(keyRole.secretPermissions()).as("%s secret actions", keyRole).isEmpty();
    }
    for (VaultRole secretRole : new VaultRole[] {VaultRole.SECRETS_USER, VaultRole.SECRETS_OFFICER}) {
      assertThat(secretRole.keyPermissions()).as("%s key actions", secretRole).isEmpty();
    }
    assertThat(VaultRole.SECRETS_OFFICER.secretPermissions()).containsAll(SecretPermission.all());
    assertThat(VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER.roleName()).isEqualTo("Key Vault Crypto Service Encryption User");
  }

  @Test
  void rbacVault_removeRole_forbiddenAgain() throws Exception {
    KeyVault v = rbacVault();
    v.assignRole(DES, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
    v.keys().get(DES, "kek");
    v.removeRole(DES, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);

    assertThatThrownBy(() -> v.keys().get(DES, "kek")).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("Azure RBAC");
  }

  @Test
  void createVaultWithoutCreator_nobodyHasAccess() {
    KeyVault v = service.createVault(VaultSpec.builder("empty-kv").build());
    assertThatThrownBy(() -> v.createKey(ADMIN, "k", KeySpec.rsa(2048))).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void forbiddenBeforeNotFound_asTheService() {
    KeyVault v = TestVaults.vault(service, "order-kv");
    assertThatThrownBy(() -> v.keys().get(DES, "does-not-exist")).isInstanceOf(ForbiddenException.class);
  }

  private interface Call {
    void run() throws KeyVaultException;
  }

  private static boolean allowed(Call c) throws KeyVaultException {
    try {
      c.run();
      return true;
    } catch (ForbiddenException e) {
      return false;
    }
  }

  @Test
  void fromRoleName_takesTheAzureNameAnyCase_andNamesTheKnownRolesWhenUnknown() {
    assertThat(VaultRole.fromRoleName("Key Vault Crypto Service Encryption User"))
        .isEqualTo(VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
    assertThat(VaultRole.fromRoleName("key vault administrator")).isEqualTo(VaultRole.ADMINISTRATOR);
    assertThatThrownBy(() -> VaultRole.fromRoleName("Key Vault Owner"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Key Vault Owner'").hasMessageContaining("Key Vault Secrets User");
  }
}
