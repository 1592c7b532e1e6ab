package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key Vault SKUs and Managed HSM (issue 17): which store takes which key type, the Managed HSM host
 * name, its local RBAC roles, and every refusal naming what is wrong.
 */
class ManagedHsmTest {
  private static final Identity DES = Identity.managed("des-westeurope-1");
  private final KeyVaultService service = TestVaults.service();

  private KeyVault hsm(String name) {
    return service.createVault(VaultSpec.managedHsm(name).purgeProtection(true).build(), ADMIN);
  }

  @Test
  void standardVault_refusesHsmKeys_premiumTakesThem() throws Exception {
    KeyVault standard = TestVaults.vault(service, "std-kv");
    KeyVault premium = TestVaults.vault(service, "prem-kv", b -> b.sku(VaultSpec.Sku.PREMIUM));

    assertThatThrownBy(() -> standard.createKey(ADMIN, "k", KeySpec.rsaHsm(3072)))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("RSA-HSM").hasMessageContaining("premium").hasMessageContaining("'std-kv' is standard");
    assertThatThrownBy(() -> standard.createKey(ADMIN, "e", KeySpec.ecHsm(KeyCurve.P_256)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("EC-HSM");
    assertThat(standard.createKey(ADMIN, "soft", KeySpec.rsa(2048)).kty()).isEqualTo(KeyType.RSA);

    assertThat(premium.createKey(ADMIN, "k", KeySpec.rsaHsm(3072)).kty()).isEqualTo(KeyType.RSA_HSM);
    assertThat(premium.createKey(ADMIN, "e", KeySpec.ecHsm(KeyCurve.P_384)).kty()).isEqualTo(KeyType.EC_HSM);
    assertThat(premium.createKey(ADMIN, "soft", KeySpec.rsa(2048)).kty()).isEqualTo(KeyType.RSA);
  }

  @Test
  void managedHsm_ownHostName_hsmKeysOnly_wrapsAndUnwraps() throws Exception {
    KeyVault hsm = hsm("contoso-hsm");

    KeyBundle k = hsm.createKey(ADMIN, "cmk", KeySpec.rsaHsm(3072));

    assertThat(hsm.kind()).isEqualTo(VaultKind.MANAGED_HSM);
    assertThat(hsm.uri()).isEqualTo("https://contoso-hsm.managedhsm.azure.net/");
    assertThat(k.id()).startsWith("https://contoso-hsm.managedhsm.azure.net/keys/cmk/");
    assertThat(VaultObjectId.parse(k.id())).isEqualTo(k.objectId());
    assertThat(service.vaultOf(k.id())).isSameAs(hsm);
    byte[] wrapped = hsm.wrapKey(ADMIN, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    assertThat(hsm.unwrapKey(ADMIN, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value()).isEqualTo(new byte[32]);
    assertThatThrownBy(() -> hsm.createKey(ADMIN, "soft", KeySpec.rsa(2048)))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("Managed HSM 'contoso-hsm'").hasMessageContaining("HSM-protected keys only")
        .hasMessageContaining("RSA-HSM");
    assertThatThrownBy(() -> hsm.importKey(ADMIN, "imp", TestVaults.rsa2048(), KeySpec.rsa(0)))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("HSM-protected keys only");
  }

  @Test
  void managedHsm_andVault_ofOneName_areTwoStores() throws Exception {
    KeyVault hsm = hsm("contoso");
    KeyVault vault = TestVaults.vault(service, "contoso");

    assertThat(service.managedHsm("contoso")).containsSame(hsm);
    assertThat(service.vault("contoso")).containsSame(vault);
    assertThat(service.vaultOf(hsm.createKey(ADMIN, "k", KeySpec.rsaHsm(2048)).id())).isSameAs(hsm);
    assertThat(service.vaultOf(vault.createKey(ADMIN, "k", KeySpec.rsa(2048)).id())).isSameAs(vault);
  }

  @Test
  void managedHsm_hasNoSecretsNoAccessPoliciesNoDiskEncryptionFlag() {
    KeyVault hsm = hsm("contoso-hsm");

    assertThatThrownBy(() -> hsm.setSecret(ADMIN, "s", "v", null, Map.of()))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("Managed HSM 'contoso-hsm' has no secrets");
    assertThatThrownBy(() -> hsm.setAccessPolicy(DES, KeyPermission.diskEncryptionSet(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local RBAC");
    assertThatThrownBy(() -> hsm.setEnabledForDiskEncryption(true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Key Vault only");
    assertThatThrownBy(() -> VaultObjectId.parse("https://contoso-hsm.managedhsm.azure.net/secrets/s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VaultSpec.managedHsm("x-hsm").rbacAuthorization(false).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local RBAC");
    assertThatThrownBy(() -> VaultSpec.managedHsm("x-hsm").sku(VaultSpec.Sku.STANDARD).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HSM-protected keys only");
  }

  @Test
  void managedHsm_localRoles_encryptionUserWrapsAndUnwrapsButCannotCreate() throws Exception {
    KeyVault hsm = hsm("contoso-hsm");
    KeyBundle k = hsm.createKey(ADMIN, "cmk", KeySpec.rsaHsm(2048));
    hsm.assignRole(DES, VaultRole.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER);

    byte[] w = hsm.wrapKey(DES, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    assertThat(hsm.unwrapKey(DES, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, w).value()).isEqualTo(new byte[32]);
    assertThat(hsm.keys().get(DES, k.objectId()).name()).isEqualTo("cmk");
    assertThatThrownBy(() -> hsm.createKey(DES, "x", KeySpec.rsaHsm(2048))).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("Managed HSM Crypto Service Encryption User").hasMessageContaining("'create'");
    assertThatThrownBy(() -> hsm.encrypt(DES, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(ForbiddenException.class);
  }

  /**
   * Per Managed HSM role, whether each call is allowed, written out from Microsoft Learn's "Local RBAC
   * built-in roles for Managed HSM" table: get, wrap, unwrap, encrypt, create, release, recover.
   */
  static Stream<Arguments> hsmRoleMatrix() {
    return Stream.of(
        Arguments.of(VaultRole.MANAGED_HSM_ADMINISTRATOR, false, false, false, false, false, false, false),
        Arguments.of(VaultRole.MANAGED_HSM_CRYPTO_OFFICER, false, false, false, false, false, false, true),
        Arguments.of(VaultRole.MANAGED_HSM_CRYPTO_USER, true, true, true, true, true, true, false),
        Arguments.of(VaultRole.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER, true, true, true, false, false, false, false),
        Arguments.of(VaultRole.MANAGED_HSM_CRYPTO_SERVICE_RELEASE_USER, false, false, false, false, false, true, false),
        Arguments.of(VaultRole.MANAGED_HSM_CRYPTO_AUDITOR, true, false, false, false, false, false, false));
  }

  @Test
  void hsmRoleMatrix_coversEveryManagedHsmRole() {
    assertThat(hsmRoleMatrix().map(a -> a.get()[0])).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(VaultRole.values()).filter(r -> r.kind() == VaultKind.MANAGED_HSM).toList());
  }

  @ParameterizedTest
  @MethodSource("hsmRoleMatrix")
  void managedHsm_eachRole_grantsExactlyItsActions(VaultRole role, boolean get, boolean wrap, boolean unwrap,
      boolean encrypt, boolean create, boolean release, boolean recover) throws Exception {
    KeyVault hsm = hsm("roles-hsm");
    KeyBundle k = hsm.createKey(ADMIN, "cmk", KeySpec.rsaHsm(2048)
        .withReleasePolicy(KeyReleasePolicy.confidentialVm("https://sharedweu.weu.attest.azure.net")));
    hsm.createKey(ADMIN, "gone", KeySpec.rsaHsm(2048));
    hsm.keys().delete(ADMIN, "gone");
    hsm.assignRole(DES, role);
    KeyWrapAlgorithm a = KeyWrapAlgorithm.RSA_OAEP_256;
    byte[] wrapped = hsm.wrapKey(ADMIN, k.objectId(), a, new byte[32]).value();
    java.security.KeyPair tee = TestVaults.rsa2048();
    AttestationToken token = service.attestationAuthority("https://sharedweu.weu.attest.azure.net").attest(
        Map.of("x-ms-attestation-type", "sevsnpvm", "x-ms-compliance-status", "azure-compliant-cvm"), tee.getPublic(),
        service.clock().instant(), java.time.Duration.ofHours(1));

    assertThat(allowed(() -> hsm.keys().get(DES, k.objectId()))).as("%s get", role).isEqualTo(get);
    assertThat(allowed(() -> hsm.wrapKey(DES, k.objectId(), a, new byte[32]))).as("%s wrap", role).isEqualTo(wrap);
    assertThat(allowed(() -> hsm.unwrapKey(DES, k.objectId(), a, wrapped))).as("%s unwrap", role).isEqualTo(unwrap);
    assertThat(allowed(() -> hsm.encrypt(DES, k.objectId(), a, new byte[32]))).as("%s encrypt", role).isEqualTo(encrypt);
    assertThat(allowed(() -> hsm.createKey(DES, "x", KeySpec.rsaHsm(2048)))).as("%s create", role).isEqualTo(create);
    assertThat(allowed(() -> hsm.release(DES, k.objectId(), token, KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256)))
        .as("%s release", role).isEqualTo(release);
    assertThat(allowed(() -> hsm.keys().recover(DES, "gone"))).as("%s recover", role).isEqualTo(recover);
  }

  private interface Call {
    void run() throws KeyVaultException;
  }

  private static boolean allowed(Call call) throws KeyVaultException {
    try {
      call.run();
      return true;
    } catch (ForbiddenException e) {
      return false;
    }
  }

  @Test
  void managedHsm_refusesKeyVaultRoles_andVaultRefusesManagedHsmRoles_namingBoth() {
    KeyVault hsm = hsm("contoso-hsm");
    KeyVault vault = TestVaults.vault(service, "rbac-kv", b -> b.rbacAuthorization(true));

    assertThatThrownBy(() -> hsm.assignRole(DES, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Key Vault Crypto Service Encryption User").hasMessageContaining("Managed HSM 'contoso-hsm'")
        .hasMessageContaining("Managed HSM Crypto Service Encryption User");
    assertThatThrownBy(() -> vault.assignRole(DES, VaultRole.MANAGED_HSM_CRYPTO_USER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Key Vault 'rbac-kv'");
  }

  @Test
  void managedHsm_cryptoOfficerPurges_cryptoUserCannot_purgeProtectionHolds() throws Exception {
    KeyVault unprotected = service.createVault(VaultSpec.managedHsm("open-hsm").build(), ADMIN);
    Identity user = Identity.user("user@contoso");
    Identity officer = Identity.user("officer@contoso");
    unprotected.assignRole(user, VaultRole.MANAGED_HSM_CRYPTO_USER);
    unprotected.assignRole(officer, VaultRole.MANAGED_HSM_CRYPTO_OFFICER);
    unprotected.createKey(user, "k", KeySpec.rsaHsm(2048));
    unprotected.keys().delete(user, "k");

    assertThatThrownBy(() -> unprotected.keys().purge(user, "k")).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("'purge'");
    unprotected.keys().purge(officer, "k");

    KeyVault protectedHsm = hsm("locked-hsm");
    protectedHsm.createKey(ADMIN, "k", KeySpec.rsaHsm(2048));
    protectedHsm.keys().delete(ADMIN, "k");
    assertThatThrownBy(() -> protectedHsm.keys().purge(ADMIN, "k")).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("purge protection");
  }
}
