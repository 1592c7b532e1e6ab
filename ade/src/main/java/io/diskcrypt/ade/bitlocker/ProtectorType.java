package io.diskcrypt.ade.bitlocker;

/** How a VMK entry is protected (the protection field of the VMK datum). */
public enum ProtectorType {
  /** The VMK is encrypted with a 256-bit external (startup) key kept in a {@code .BEK} file. */
  EXTERNAL_KEY(0x0200),
  /** The VMK is encrypted with a key stretched from a 48-digit recovery password. */
  RECOVERY_PASSWORD(0x0800),
  /** Any other protection (TPM, password, clear key...): listed, never used by this package. */
  OTHER(-1);

  private final int code;

  ProtectorType(int code) {
    this.code = code;
  }

  /** The on-disk protection code, or -1 for {@link #OTHER}. */
  public int code() {
    return code;
  }

  static ProtectorType ofCode(int code) {
    return code == EXTERNAL_KEY.code ? EXTERNAL_KEY : code == RECOVERY_PASSWORD.code ? RECOVERY_PASSWORD : OTHER;
  }
}
