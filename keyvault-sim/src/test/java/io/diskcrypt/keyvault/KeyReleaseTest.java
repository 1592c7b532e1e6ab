package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Exportable keys, release policies and the release operation (issue 17): what a confidential VM's
 * customer key needs. The attested environment is played by an RSA key pair and a token from the
 * service's attestation authority; the released key is opened with the environment's private key and
 * checked against the vault's public key.
 */
class KeyReleaseTest {
  private static final String MAA = "https://sharedweu.weu.attest.azure.net";
  private static final Map<String, String> COMPLIANT_CVM =
      Map.of("x-ms-attestation-type", "sevsnpvm", "x-ms-compliance-status", "azure-compliant-cvm");
  private static final Identity CVM = Identity.CONFIDENTIAL_VM_ORCHESTRATOR;

  private final KeyVaultService service = TestVaults.service();
  private final KeyVault premium = TestVaults.vault(service, "cvm-kv",
      b -> b.sku(VaultSpec.Sku.PREMIUM).purgeProtection(true));
  private final KeyPair tee = TestVaults.rsa2048();

  private AttestationToken token(Map<String, String> claims) {
    return service.attestationAuthority(MAA).attest(claims, tee.getPublic(), service.clock().instant(),
        Duration.ofHours(8));
  }

  private KeyBundle exportable(KeyVault v) throws KeyVaultException {
    return v.createKey(ADMIN, "cvm-cmk", KeySpec.rsaHsm(3072).withReleasePolicy(KeyReleasePolicy.confidentialVm(MAA)));
  }

  @Test
  void release_compliantConfidentialVm_getsTheKeyWrappedToItsRuntimeKey() throws Exception {
    KeyBundle k = exportable(premium);
    premium.setAccessPolicy(CVM, KeyPermission.confidentialVmOrchestrator(), Set.of());
    byte[] wrapped = premium.wrapKey(ADMIN, k.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();

    ReleasedKey released = premium.release(CVM, k.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256);

    assertThat(k.exportable()).isTrue();
    assertThat(k.releasePolicy()).contains(KeyReleasePolicy.confidentialVm(MAA));
    assertThat(released.kid()).isEqualTo(k.id());
    assertThat(released.toString()).doesNotContain(java.util.HexFormat.of().formatHex(released.value()).substring(0, 16));
    RSAPrivateCrtKey opened = (RSAPrivateCrtKey) released.open(tee.getPrivate());
    assertThat(opened.getModulus()).isEqualTo(((RSAPublicKey) k.publicKey()).getModulus());
    assertThat(RsaCrypto.decrypt(opened, KeyWrapAlgorithm.RSA_OAEP_256, wrapped)).isEqualTo(new byte[32]);
    assertThat(premium.auditLog().get(premium.auditLog().size() - 1)).satisfies(e -> {
      assertThat(e.operation()).isEqualTo("KeyRelease");
      assertThat(e.caller()).isEqualTo(CVM);
      assertThat(e.succeeded()).isTrue();
    });
  }

  @Test
  void release_nonCompliantOrWrongTeeClaims_forbiddenNamingTheClaim() throws Exception {
    KeyBundle k = exportable(premium);

    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(),
        token(Map.of("x-ms-attestation-type", "sevsnpvm", "x-ms-compliance-status", "not-compliant")),
        KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("x-ms-compliance-status").hasMessageContaining("'not-compliant'")
        .hasMessageContaining("'azure-compliant-cvm'");
    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(),
        token(Map.of("x-ms-attestation-type", "sgx", "x-ms-compliance-status", "azure-compliant-cvm")),
        KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("x-ms-attestation-type");
    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(), token(Map.of()), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("is missing");
  }

  @Test
  void release_forgedExpiredOrForeignToken_forbidden() throws Exception {
    KeyBundle k = exportable(premium);
    AttestationToken forged = new AttestationAuthority(MAA).attest(COMPLIANT_CVM, tee.getPublic(),
        service.clock().instant(), Duration.ofHours(8));
    AttestationToken foreign = service.attestationAuthority("https://sharedeus.eus.attest.azure.net")
        .attest(COMPLIANT_CVM, tee.getPublic(), service.clock().instant(), Duration.ofHours(8));
    AttestationToken good = token(COMPLIANT_CVM);

    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(), forged, KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("not signed by").hasMessageContaining(MAA);
    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(), foreign, KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("sharedeus").hasMessageContaining("not an authority");
    service.clock().advance(Duration.ofHours(9));
    assertThatThrownBy(() -> premium.release(ADMIN, k.objectId(), good, KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("expired");
  }

  @Test
  void release_needsTheReleasePermission_getAloneIsNotEnough() throws Exception {
    KeyBundle k = exportable(premium);
    premium.setAccessPolicy(CVM, Set.of(KeyPermission.GET), Set.of());

    assertThatThrownBy(() -> premium.release(CVM, k.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("'release'");
  }

  @Test
  void release_nonExportableOrDisabledKey_refused() throws Exception {
    KeyVault v = premium;
    KeyBundle plain = v.createKey(ADMIN, "plain", KeySpec.rsaHsm(2048));
    KeyBundle k = exportable(v);
    v.keys().update(ADMIN, k.objectId(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> v.release(ADMIN, plain.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("not exportable");
    assertThatThrownBy(() -> v.release(ADMIN, k.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256))
        .isInstanceOf(KeyDisabledException.class);
  }

  @Test
  void release_worksOutsideNbfExp_asTheServiceSays() throws Exception {
    KeyBundle k = premium.createKey(ADMIN, "expired", KeySpec.rsaHsm(2048)
        .withReleasePolicy(KeyReleasePolicy.confidentialVm(MAA)).withExpires(service.clock().instant().plusSeconds(60)));
    service.clock().advance(Duration.ofMinutes(5));

    assertThat(premium.release(ADMIN, k.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.CKM_RSA_AES_KEY_WRAP)
        .open(tee.getPrivate())).isNotNull();
  }

  @Test
  void exportable_rules_eachRefusalNamesWhatIsWrong() {
    KeyVault standard = TestVaults.vault(service, "std-kv");

    assertThatThrownBy(() -> premium.createKey(ADMIN, "soft", KeySpec.rsa(2048)
        .withReleasePolicy(KeyReleasePolicy.confidentialVm(MAA))))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("exportable").hasMessageContaining("HSM-protected");
    assertThatThrownBy(() -> premium.createKey(ADMIN, "nopolicy", KeySpec.rsaHsm(2048).withExportable()))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("release policy");
    assertThatThrownBy(() -> standard.createKey(ADMIN, "k", KeySpec.rsaHsm(2048)
        .withReleasePolicy(KeyReleasePolicy.confidentialVm(MAA))))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("premium");
  }

  @Test
  void releasePolicy_updatable_untilImmutable_rotationKeepsIt() throws Exception {
    KeyBundle k = exportable(premium);
    KeyReleasePolicy other = KeyReleasePolicy.of("https://sharedeus.eus.attest.azure.net",
        KeyReleasePolicy.Condition.allOf(KeyReleasePolicy.Condition.claim("x-ms-attestation-type", "tdxvm")));

    KeyBundle updated = premium.keys().update(ADMIN, k.objectId(),
        KeyAttributesUpdate.builder().releasePolicy(other.asImmutable()).build());
    assertThat(updated.releasePolicy()).contains(other.asImmutable());
    assertThat(premium.rotateKey(ADMIN, k.objectId()).releasePolicy()).contains(other.asImmutable());

    assertThatThrownBy(() -> premium.keys().update(ADMIN, k.objectId(),
        KeyAttributesUpdate.builder().releasePolicy(KeyReleasePolicy.confidentialVm(MAA)).build()))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("immutable");
  }

  @Test
  void managedHsm_releaseUserRole_releases_withoutReadingTheKey() throws Exception {
    KeyVault hsm = service.createVault(VaultSpec.managedHsm("cvm-hsm").purgeProtection(true).build(), ADMIN);
    KeyBundle k = exportable(hsm);
    hsm.assignRole(CVM, VaultRole.MANAGED_HSM_CRYPTO_SERVICE_RELEASE_USER);

    assertThat(hsm.release(CVM, k.objectId(), token(COMPLIANT_CVM), KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_384)
        .open(tee.getPrivate())).isInstanceOf(RSAPrivateCrtKey.class);
    assertThatThrownBy(() -> hsm.keys().get(CVM, k.objectId())).isInstanceOf(ForbiddenException.class);
  }
}
