package io.diskcrypt.ade;

import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.model.VmExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure Disk Encryption's extension in the VM model, with its public settings: what an assessor such
 * as Defender sees of ADE. {@link AzureDiskEncryption} installs it when it enables ADE and updates it
 * when it disables ADE; the caller's identity is not part of it.
 *
 * @param os the guest OS: {@code AzureDiskEncryptionForLinux} on Linux, {@code AzureDiskEncryption} on Windows
 * @param operation {@code EncryptionOperation}
 * @param keyVaultUrl {@code KeyVaultURL}
 * @param keyEncryptionKeyUrl {@code KeyEncryptionKeyURL}, if the secret is wrapped
 * @param keyEncryptionAlgorithm {@code KeyEncryptionAlgorithm}, shown only with a key-encryption key
 * @param volumeType {@code VolumeType}
 */
public record AzureDiskEncryptionExtension(OsType os, EncryptionOperation operation, String keyVaultUrl,
    Optional<String> keyEncryptionKeyUrl, KeyEncryptionAlgorithm keyEncryptionAlgorithm, VolumeType volumeType)
    implements VmExtension {
  /** The publisher of both extensions. */
  public static final String PUBLISHER = "Microsoft.Azure.Security";

  /** Checks every part is present. */
  public AzureDiskEncryptionExtension {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(keyVaultUrl, "keyVaultUrl");
    Objects.requireNonNull(keyEncryptionKeyUrl, "keyEncryptionKeyUrl");
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    Objects.requireNonNull(volumeType, "volumeType");
  }

  /** The extension as {@code settings} install it on a VM running {@code os}. */
  public static AzureDiskEncryptionExtension of(OsType os, AdeSettings settings) {
    return new AzureDiskEncryptionExtension(os, settings.operation(), settings.keyVaultUrl(),
        settings.keyEncryptionKeyUrl(), settings.keyEncryptionAlgorithm(), settings.volumeType());
  }

  /** A copy saying {@code DisableEncryption} for {@code type}. */
  public AzureDiskEncryptionExtension disabled(VolumeType type) {
    return new AzureDiskEncryptionExtension(os, EncryptionOperation.DISABLE_ENCRYPTION, keyVaultUrl,
        keyEncryptionKeyUrl, keyEncryptionAlgorithm, type);
  }

  @Override
  public String publisher() {
    return PUBLISHER;
  }

  @Override
  public String type() {
    return os == OsType.WINDOWS ? AzureDiskEncryption.WINDOWS_EXTENSION : AzureDiskEncryption.LINUX_EXTENSION;
  }

  @Override
  public String typeHandlerVersion() {
    return os == OsType.WINDOWS ? "2.2" : "1.1";
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("EncryptionOperation", operation.wireName());
    settings.put("KeyVaultURL", keyVaultUrl);
    settings.put("VolumeType", volumeType.wireName());
    keyEncryptionKeyUrl.ifPresent(url -> {
      settings.put("KeyEncryptionKeyURL", url);
      settings.put("KeyEncryptionAlgorithm", keyEncryptionAlgorithm.wireName());
    });
    return settings;
  }
}
