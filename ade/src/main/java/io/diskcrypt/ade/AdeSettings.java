package io.diskcrypt.ade;

import io.diskcrypt.keyvault.Identity;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the ADE extension ({@code AzureDiskEncryptionForLinux} / {@code AzureDiskEncryption}),
 * as a user passes them with {@code Set-AzVMDiskEncryptionExtension} or {@code az vm encryption enable},
 * plus the identity making the call.
 *
 * @param operation {@code EncryptionOperation}
 * @param keyVaultUrl {@code KeyVaultURL}, such as {@code https://myvault.vault.azure.net/}: where the
 *     secret (passphrase or BEK) is stored
 * @param keyEncryptionKeyUrl {@code KeyEncryptionKeyURL}: an RSA key with its version that wraps the
 *     secret, or empty to store the secret unwrapped
 * @param keyEncryptionAlgorithm {@code KeyEncryptionAlgorithm}, used only with a key-encryption key
 * @param volumeType {@code VolumeType}
 * @param caller who enables ADE: needs permission to set secrets (and to wrap with the KEK)
 */
public record AdeSettings(
    EncryptionOperation operation,
    String keyVaultUrl,
    Optional<String> keyEncryptionKeyUrl,
    KeyEncryptionAlgorithm keyEncryptionAlgorithm,
    VolumeType volumeType,
    Identity caller) {

  /** Checks every part is present. */
  public AdeSettings {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(keyVaultUrl, "keyVaultUrl");
    Objects.requireNonNull(keyEncryptionKeyUrl, "keyEncryptionKeyUrl");
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    Objects.requireNonNull(volumeType, "volumeType");
    Objects.requireNonNull(caller, "caller");
    if (keyVaultUrl.isBlank()) {
      throw new IllegalArgumentException("KeyVaultURL must not be blank");
    }
  }

  /**
   * Settings for the vault at {@code keyVaultUrl}, called by {@code caller}: EnableEncryption,
   * VolumeType All, no key-encryption key (RSA-OAEP if one is added).
   */
  public static Builder builder(String keyVaultUrl, Identity caller) {
    return new Builder(keyVaultUrl, caller);
  }

  /** Builds {@link AdeSettings}. */
  public static final class Builder {
    private final String keyVaultUrl;
    private final Identity caller;
    private EncryptionOperation operation = EncryptionOperation.ENABLE_ENCRYPTION;
    private String kekUrl;
    private KeyEncryptionAlgorithm algorithm = KeyEncryptionAlgorithm.RSA_OAEP;
    private VolumeType volumeType = VolumeType.ALL;

    private Builder(String keyVaultUrl, Identity caller) {
      this.keyVaultUrl = keyVaultUrl;
      this.caller = caller;
    }

    /** {@code EncryptionOperation}. */
    public Builder operation(EncryptionOperation value) {
      operation = Objects.requireNonNull(value, "operation");
      return this;
    }

    /** {@code KeyEncryptionKeyURL}: must carry the key's version. */
    public Builder keyEncryptionKeyUrl(String value) {
      kekUrl = Objects.requireNonNull(value, "keyEncryptionKeyUrl");
      return this;
    }

    /** {@code KeyEncryptionAlgorithm}. */
    public Builder keyEncryptionAlgorithm(KeyEncryptionAlgorithm value) {
      algorithm = Objects.requireNonNull(value, "keyEncryptionAlgorithm");
      return this;
    }

    /** {@code VolumeType}. */
    public Builder volumeType(VolumeType value) {
      volumeType = Objects.requireNonNull(value, "volumeType");
      return this;
    }

    /** The settings. */
    public AdeSettings build() {
      return new AdeSettings(operation, keyVaultUrl, Optional.ofNullable(kekUrl), algorithm, volumeType, caller);
    }
  }
}
