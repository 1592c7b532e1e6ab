package io.diskcrypt.ade;

/** The extension's {@code EncryptionOperation} setting. */
public enum EncryptionOperation {
  /** Encrypt the selected volumes, keeping their data (in-place encryption). */
  ENABLE_ENCRYPTION("EnableEncryption"),
  /**
   * Linux only: format (wipe) and encrypt every data volume and the temp disk instead of encrypting in
   * place; the OS volume is still encrypted in place. Data on the formatted volumes is lost by design.
   */
  ENABLE_ENCRYPTION_FORMAT_ALL("EnableEncryptionFormatAll"),
  /**
   * Decrypt the selected volumes in place: what the extension's settings say after {@link
   * AzureDiskEncryption#disable}; not a setting {@link AzureDiskEncryption#enable} takes.
   */
  DISABLE_ENCRYPTION("DisableEncryption");

  private final String wireName;

  EncryptionOperation(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the extension's settings spell it. */
  public String wireName() {
    return wireName;
  }

  /**
   * The operation spelled {@code value} (case sensitive, as the extension is).
   *
   * @throws IllegalArgumentException listing the allowed values
   */
  public static EncryptionOperation fromWireName(String value) {
    for (EncryptionOperation op : values()) {
      if (op.wireName.equals(value)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        "EncryptionOperation '" + value + "': allowed are EnableEncryption, EnableEncryptionFormatAll and DisableEncryption");
  }
}
