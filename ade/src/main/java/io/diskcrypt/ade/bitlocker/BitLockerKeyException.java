package io.diskcrypt.ade.bitlocker;

/**
 * The key offered (a {@code .BEK} file or a recovery password) does not unlock the volume: no VMK entry
 * has its GUID, or the AES-CCM tag of the VMK does not verify under it. The message names GUIDs, never
 * key bytes.
 */
public final class BitLockerKeyException extends BitLockerException {
  private static final long serialVersionUID = 1L;

  BitLockerKeyException(String message) {
    super(message);
  }
}
