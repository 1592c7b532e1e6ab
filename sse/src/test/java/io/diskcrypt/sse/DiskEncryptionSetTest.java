package io.diskcrypt.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyCurve;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiskEncryptionSetTest {

  @Test
  void create_withVersionedRsaKey_showsTheResourceFields() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.sse.createDiskEncryptionSet("des1", f.key.id(), f.desIdentity, true);

    assertThat(des.activeKeyUrl()).isEqualTo(f.key.id());
    assertThat(des.sourceVault()).isEqualTo("contoso-disks");
    assertThat(des.identity()).isEqualTo(f.desIdentity);
    assertThat(des.rotationToLatestKeyVersionEnabled()).isTrue();
    assertThat(des.previousKeys()).isEmpty();
    assertThat(des.lastKeyRotationTimestamp()).isEmpty();
    assertThat(des.revokedSince()).isEmpty();
    assertThat(f.sse.diskEncryptionSet("des1")).isSameAs(des);
  }

  @ParameterizedTest
  @ValueSource(ints = {3072, 4096})
  void create_withLargerRsaKeys_accepted(int bits) throws Exception {
    Fixture f = new Fixture();
    KeyBundle key = f.vault.createKey(f.admin, "rsa" + bits, KeySpec.rsa(bits));

    assertThat(f.sse.createDiskEncryptionSet("des" + bits, key.id(), f.desIdentity, false).activeKeyUrl())
        .isEqualTo(key.id());
  }

  @Test
  void create_withUnversionedKeyUrl_refused_evenWithAutoRotation() throws Exception {
    Fixture f = new Fixture();
    String versionless = f.key.versionlessId();

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", versionless, f.desIdentity, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version").hasMessageContaining(versionless);
  }

  @Test
  void create_withSecretUrlOrGarbage_refused() throws Exception {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1",
        "https://contoso-disks.vault.azure.net/secrets/s/0123456789abcdef0123456789abcdef", f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activeKey.keyUrl");
    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", "not a url", f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a url");
  }

  @Test
  void create_withEcKey_refused() throws Exception {
    Fixture f = new Fixture();
    KeyBundle ec = f.vault.createKey(f.admin, "ec", KeySpec.ec(KeyCurve.P_256));

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", ec.id(), f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC").hasMessageContaining("2048, 3072 or 4096");
  }

  @Test
  void create_inVaultWithoutPurgeProtection_refused() throws Exception {
    Fixture f = new Fixture();
    KeyVault loose = f.vaults.createVault(VaultSpec.builder("loose-vault").region(Fixture.REGION).build(), f.admin);
    KeyBundle key = loose.createKey(f.admin, "k", KeySpec.rsa(2048));
    loose.setAccessPolicy(f.desIdentity, KeyPermission.diskEncryptionSet(), Set.of());

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", key.id(), f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purge protection").hasMessageContaining("loose-vault");
  }

  @Test
  void create_inVaultOfAnotherRegion_refused() throws Exception {
    Fixture f = new Fixture();
    KeyVault far = f.vaults.createVault(
        VaultSpec.builder("far-vault").region("eastus").purgeProtection(true).build(), f.admin);
    KeyBundle key = far.createKey(f.admin, "k", KeySpec.rsa(2048));
    far.setAccessPolicy(f.desIdentity, KeyPermission.diskEncryptionSet(), Set.of());

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", key.id(), f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eastus").hasMessageContaining("westeurope");
  }

  @Test
  void create_inUnknownVault_refused() throws Exception {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1",
        "https://nowhere-vault.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere-vault");
  }

  @Test
  void create_identityWithoutAccessPolicy_refused() throws Exception {
    Fixture f = new Fixture();
    Identity stranger = Identity.managed("stranger");

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", f.key.id(), stranger, false))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED)).hasMessageContaining("stranger")
        .hasMessageContaining("get, wrapKey and unwrapKey").hasMessageContaining("Crypto Service Encryption User");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "WRAP_KEY", "UNWRAP_KEY"})
  void create_identityMissingOneOfGetWrapUnwrap_refused(String missing) throws Exception {
    Fixture f = new Fixture();
    Identity partial = Identity.managed("partial");
    Set<KeyPermission> granted = EnumSet.copyOf(KeyPermission.diskEncryptionSet());
    granted.remove(KeyPermission.valueOf(missing));
    f.vault.setAccessPolicy(partial, granted, Set.of());

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", f.key.id(), partial, false))
        .as("without %s", missing)
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED)).hasMessageContaining("partial");
  }

  @Test
  void create_rbacVault_withCryptoServiceEncryptionUserRole_accepted_withoutIt_refused() throws Exception {
    Fixture f = new Fixture();
    KeyVault rbac = f.vaults.createVault(VaultSpec.builder("rbac-vault").region(Fixture.REGION)
        .purgeProtection(true).rbacAuthorization(true).build(), f.admin);
    KeyBundle key = rbac.createKey(f.admin, "k", KeySpec.rsa(2048));
    Identity withRole = Identity.managed("with-role");
    rbac.assignRole(withRole, VaultRole.CRYPTO_SERVICE_ENCRYPTION_USER);
    rbac.setAccessPolicy(f.desIdentity, KeyPermission.diskEncryptionSet(), Set.of()); // ignored under RBAC

    DiskEncryptionSet des = f.sse.createDiskEncryptionSet("des1", key.id(), withRole, false);
    assertThat(des.activeKeyUrl()).isEqualTo(key.id());
    assertThat(des.identity()).isEqualTo(withRole);
    assertThat(des.sourceVault()).isEqualTo("rbac-vault");
    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des2", key.id(), f.desIdentity, false))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_REMOVED)).hasMessageContaining("Crypto Service Encryption User");
  }

  @Test
  void create_withDisabledKey_refused() throws Exception {
    Fixture f = new Fixture();
    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet("des1", f.key.id(), f.desIdentity, false))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED)).hasMessageContaining("disabled").hasMessageContaining(f.key.id());
  }

  @Test
  void create_duplicateOrBlankName_refused() throws Exception {
    Fixture f = new Fixture();
    f.des(false);

    assertThatThrownBy(() -> f.des(false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> f.sse.createDiskEncryptionSet(" ", f.key.id(), f.desIdentity, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
  }

  @Test
  void lookup_unknownName_listsTheSets() throws Exception {
    Fixture f = new Fixture();
    f.des(false);
    assertThatThrownBy(() -> f.sse.diskEncryptionSet("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("des1");
  }

  @Test
  void enableCustomerKey_whileSetKeyUnusable_refused() throws Exception {
    Fixture f = new Fixture();
    DiskEncryptionSet des = f.des(false);
    f.vault.keys().update(f.admin, f.key.id(), KeyAttributesUpdate.disable());

    assertThatThrownBy(() -> f.sse.enableCustomerKey(f.vm("vm1"), des))
        .isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED))
        .hasMessageContaining(f.key.id()).hasMessageContaining("disabled");
  }
}
