package io.diskcrypt.ade.bitlocker;

/**
 * The BitLocker data encryption methods, each with the code stored in the FVE metadata header. This
 * package reads and writes all six.
 *
 * <ul>
 *   <li>AES-CBC (Windows Vista to 8.1; the only choice of Windows Server 2008 R2, the default of 2012
 *       and 2012 R2): each sector is one CBC chain whose IV is the sector's byte offset in the volume,
 *       encrypted with the FVEK (cryptsetup calls this {@code cbc-eboiv}).
 *   <li>AES-CBC with the Elephant diffuser (Vista and 7's default): before CBC, the sector is XORed
 *       with a sector key (the byte offset encrypted with a second, "tweak" key) and mixed by
 *       diffusers A and B, so that a changed ciphertext bit garbles the whole sector.
 *   <li>XTS-AES (Windows 10 1511 and later): tweak = sector number in the volume's sector size.
 * </ul>
 */
public enum EncryptionMethod {
  /** AES-CBC 128 with the Elephant diffuser: a 128-bit FVEK and a 128-bit tweak key (code 0x8000). */
  AES_128_CBC_ELEPHANT(0x8000, 128, 64),
  /** AES-CBC 256 with the Elephant diffuser: a 256-bit FVEK and a 256-bit tweak key (code 0x8001). */
  AES_256_CBC_ELEPHANT(0x8001, 256, 64),
  /** AES-CBC 128 without diffuser (code 0x8002). */
  AES_128_CBC(0x8002, 128, 16),
  /** AES-CBC 256 without diffuser (code 0x8003). */
  AES_256_CBC(0x8003, 256, 32),
  /** XTS-AES-128: a 256-bit FVEK (two AES-128 keys); BitLocker's own default (code 0x8004). */
  XTS_AES_128(0x8004, 128, 32),
  /** XTS-AES-256: a 512-bit FVEK (two AES-256 keys); what ADE uses from Windows 10 1511 / Server 2016 (code 0x8005). */
  XTS_AES_256(0x8005, 256, 64);

  private final int code;
  private final int aesBits;
  private final int keyBytes;

  EncryptionMethod(int code, int aesBits, int keyBytes) {
    this.code = code;
    this.aesBits = aesBits;
    this.keyBytes = keyBytes;
  }

  /** The on-disk code, 0x8000 to 0x8005. */
  public int code() {
    return code;
  }

  /** The AES key size in bits: 128 or 256. */
  public int aesBits() {
    return aesBits;
  }

  /**
   * The length of the key data in the FVEK entry, in bytes: the XTS key pair (32 or 64), the CBC key
   * (16 or 32), or for Elephant always 64 (the CBC key at byte 0 and the tweak key at byte 32, each
   * padded with zeros to 32 bytes).
   */
  public int keyBytes() {
    return keyBytes;
  }

  /** True for the two AES-CBC methods with the Elephant diffuser. */
  public boolean elephant() {
    return this == AES_128_CBC_ELEPHANT || this == AES_256_CBC_ELEPHANT;
  }

  /** True for the two XTS-AES methods. */
  public boolean xts() {
    return this == XTS_AES_128 || this == XTS_AES_256;
  }

  /** The method with on-disk code {@code code}, or null when BitLocker defines none. */
  static EncryptionMethod ofCode(int code) {
    for (EncryptionMethod m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    return null;
  }
}
