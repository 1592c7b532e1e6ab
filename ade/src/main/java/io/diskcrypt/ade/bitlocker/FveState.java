package io.diskcrypt.ade.bitlocker;

/**
 * The conversion state in an FVE metadata block (current and next state, as dislocker names them).
 * While a volume is being encrypted or decrypted, the bytes below the metadata's "encrypted volume
 * size" are ciphertext and the rest is plaintext; Windows converts upwards when encrypting and
 * downwards when decrypting, so one boundary always describes the volume.
 */
public enum FveState {
  /** Decrypted: the target of a decryption. */
  DECRYPTED(1),
  /** A conversion is running (the region right above the boundary is being moved and reads as zeros). */
  SWITCHING(2),
  /** Encrypt-on-write activated. */
  EOW_ACTIVATED(3),
  /** Fully encrypted (the normal state). */
  ENCRYPTED(4),
  /** A conversion was paused (manage-bde -pause, or a shutdown during conversion). */
  SWITCH_PAUSED(5);

  private final int code;

  FveState(int code) {
    this.code = code;
  }

  /** The on-disk code, 1 to 5. */
  public int code() {
    return code;
  }

  /** The state with on-disk code {@code code}, or null when it is not one of 1 to 5. */
  static FveState ofCode(int code) {
    for (FveState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
