package io.diskcrypt.ade.bitlocker;

/**
 * How a VMK entry is protected (the protection field of the VMK datum), with the codes Windows writes
 * and cryptsetup's {@code bitlkDump} names.
 */
public enum ProtectorType {
  /** The VMK in the clear (protection suspended, or a volume being decrypted): code 0x0000. */
  CLEAR_KEY(0x0000, "clear key"),
  /** Sealed by the TPM: code 0x0100. */
  TPM(0x0100, "TPM"),
  /** The VMK is encrypted with a 256-bit external (startup) key kept in a {@code .BEK} file: code 0x0200. */
  EXTERNAL_KEY(0x0200, "external key (.BEK)"),
  /** Sealed by the TPM, released with a PIN: code 0x0500. */
  TPM_AND_PIN(0x0500, "TPM and PIN"),
  /** The VMK is encrypted with a key stretched from a 48-digit recovery password: code 0x0800. */
  RECOVERY_PASSWORD(0x0800, "recovery password"),
  /** Encrypted with a smart card's key: code 0x1000. */
  SMART_CARD(0x1000, "smart card"),
  /** The VMK is encrypted with a key stretched from a passphrase (a data volume's password): code 0x2000. */
  PASSPHRASE(0x2000, "passphrase"),
  /** A code none of the above has; {@link KeyProtector#protectionCode()} keeps it. */
  UNKNOWN(-1, "unknown protection");

  private final int code;
  private final String label;

  ProtectorType(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The on-disk protection code, or -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** A short name for people ("smart card", "TPM and PIN"). */
  public String label() {
    return label;
  }

  static ProtectorType ofCode(int code) {
    for (ProtectorType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return UNKNOWN;
  }
}
