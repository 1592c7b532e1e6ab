package io.diskcrypt.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.keys.DataKey;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.keyvault.provider.CustomerManagedKeys;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept compiling and true. */
class ReadmeExampleTest {

  @Test
  void readmeExample_vaultKeyAndWrappedDek_thenDisabledKeyRefusesUnwrap() throws Exception {
    // --- README snippet starts
    SimClock clock = new SimClock();
    KeyVaultService kv = new KeyVaultService(clock);
    Identity admin = Identity.user("admin@contoso");
    Identity des = Identity.managed("des-westeurope");                 // a disk encryption set
    KeyVault vault = kv.createVault(VaultSpec.builder("contoso-kv").purgeProtection(true).build(), admin);
    KeyBundle kek = vault.createKey(admin, "disk-kek", KeySpec.rsa(2048));
    vault.setAccessPolicy(des, KeyPermission.diskEncryptionSet(), Set.of()); // get, wrapKey, unwrapKey

    KeyProvider cmk = new CustomerManagedKeys(kv, des);                 // RSA-OAEP-256
    DataKey dek = cmk.newDataKey(kek.versionlessId(), 64);              // an AES-256-XTS key
    WrappedKey stored = dek.wrapped();                                  // keyId = the exact key version
    dek.close();                                                        // wipe the plaintext DEK

    vault.keys().update(admin, kek.objectId(), KeyAttributesUpdate.disable()); // the customer revokes
    // cmk.unwrap(stored) now throws KeyAccessException, reason DISABLED
    // --- README snippet ends

    assertThat(stored.keyId()).isEqualTo(kek.id());
    assertThatThrownBy(() -> cmk.unwrap(stored)).isInstanceOfSatisfying(KeyAccessException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISABLED));
    assertThat(vault.auditLog()).extracting(AuditEntry::operation)
        .containsExactly("KeyCreate", "KeyWrap", "KeyUpdate", "KeyUnwrap");
  }
}
