package io.diskcrypt.ade.bitlocker;

/**
 * The BitLocker data encryption methods this package writes: XTS-AES with the tweak in the volume's
 * own sector units. The code is the value stored in the FVE metadata header (the WMI codes are 6 and
 * 7).
 */
public enum EncryptionMethod {
  /** XTS-AES-128: a 256-bit FVEK (two AES-128 keys); BitLocker's own default. */
  XTS_AES_128(0x8004, 32),
  /** XTS-AES-256: a 512-bit FVEK (two AES-256 keys); what ADE uses from Windows 10 1511 / Server 2016. */
  XTS_AES_256(0x8005, 64);

  private final int code;
  private final int keyBytes;

  EncryptionMethod(int code, int keyBytes) {
    this.code = code;
    this.keyBytes = keyBytes;
  }

  /** The on-disk code (0x8004 or 0x8005). */
  public int code() {
    return code;
  }

  /** The FVEK length in bytes: 32 or 64. */
  public int keyBytes() {
    return keyBytes;
  }

  /**
   * The method with on-disk code {@code code}, or null when this package does not support it (AES-CBC
   * with or without the Elephant diffuser, 0x8000 to 0x8003, is read by Windows but not written here).
   */
  static EncryptionMethod ofCode(int code) {
    for (EncryptionMethod m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    return null;
  }
}
