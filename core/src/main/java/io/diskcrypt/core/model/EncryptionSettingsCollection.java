package io.diskcrypt.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A managed disk's {@code encryptionSettingsCollection}: where Azure Disk Encryption keeps the disk's
 * secret (and key-encryption key), as the disk resource shows it.
 *
 * @param enabled {@code enabled}: false once ADE was disabled on the disk
 * @param secretUrl {@code encryptionSettings[0].diskEncryptionKey.secretUrl}
 * @param secretVaultId {@code encryptionSettings[0].diskEncryptionKey.sourceVault.id}
 * @param keyEncryptionKeyUrl {@code encryptionSettings[0].keyEncryptionKey.keyUrl}, if the secret is wrapped
 * @param keyEncryptionKeyVaultId {@code encryptionSettings[0].keyEncryptionKey.sourceVault.id}, with the KEK
 */
public record EncryptionSettingsCollection(boolean enabled, String secretUrl, String secretVaultId,
    Optional<String> keyEncryptionKeyUrl, Optional<String> keyEncryptionKeyVaultId) {
  /** {@code encryptionSettingsVersion}: what ADE with Azure AD-less settings ("single pass") writes. */
  public static final String VERSION = "1.1";

  /** Checks every part is present, and that the KEK and its vault come together. */
  public EncryptionSettingsCollection {
    Objects.requireNonNull(secretUrl, "secretUrl");
    Objects.requireNonNull(secretVaultId, "secretVaultId");
    Objects.requireNonNull(keyEncryptionKeyUrl, "keyEncryptionKeyUrl");
    Objects.requireNonNull(keyEncryptionKeyVaultId, "keyEncryptionKeyVaultId");
    if (keyEncryptionKeyUrl.isPresent() != keyEncryptionKeyVaultId.isPresent()) {
      throw new IllegalArgumentException("a key-encryption key URL and its vault id come together");
    }
  }

  /** A copy with {@code enabled} false: ADE was disabled, the secret stays where it was. */
  public EncryptionSettingsCollection disabled() {
    return new EncryptionSettingsCollection(false, secretUrl, secretVaultId, keyEncryptionKeyUrl, keyEncryptionKeyVaultId);
  }
}
