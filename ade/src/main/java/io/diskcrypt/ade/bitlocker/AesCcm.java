package io.diskcrypt.ade.bitlocker;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-CCM as BitLocker uses it to wrap keys: 256-bit key, 12-byte nonce, 16-byte tag, no associated
 * data. BitLocker stores nonce, then tag, then ciphertext (Bouncy Castle produces ciphertext||tag).
 */
final class AesCcm {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;

  private AesCcm() {}

  /** A wrapped value: nonce, tag and ciphertext as stored in an AES-CCM datum. */
  record Sealed(byte[] nonce, byte[] tag, byte[] ciphertext) {
    /** The datum payload: nonce || tag || ciphertext. */
    byte[] toPayload() {
      byte[] out = new byte[NONCE_BYTES + TAG_BYTES + ciphertext.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(tag, 0, out, NONCE_BYTES, TAG_BYTES);
      System.arraycopy(ciphertext, 0, out, NONCE_BYTES + TAG_BYTES, ciphertext.length);
      return out;
    }

    static Sealed ofPayload(byte[] payload, int off, int len) {
      return new Sealed(
          Arrays.copyOfRange(payload, off, off + NONCE_BYTES),
          Arrays.copyOfRange(payload, off + NONCE_BYTES, off + NONCE_BYTES + TAG_BYTES),
          Arrays.copyOfRange(payload, off + NONCE_BYTES + TAG_BYTES, off + len));
    }
  }

  static Sealed seal(byte[] key, byte[] nonce, byte[] plaintext) {
    CCMBlockCipher ccm = cipher(true, key, nonce);
    byte[] out = new byte[ccm.getOutputSize(plaintext.length)];
    int n = ccm.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      ccm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-CCM encryption failed", e);
    }
    Sealed sealed = new Sealed(nonce.clone(), Arrays.copyOfRange(out, plaintext.length, out.length),
        Arrays.copyOf(out, plaintext.length));
    Arrays.fill(out, (byte) 0);
    return sealed;
  }

  /**
   * The plaintext, or null when the tag does not verify under {@code key} (wrong key or altered data).
   */
  static byte[] open(byte[] key, Sealed sealed) {
    CCMBlockCipher ccm = cipher(false, key, sealed.nonce());
    byte[] in = new byte[sealed.ciphertext().length + TAG_BYTES];
    System.arraycopy(sealed.ciphertext(), 0, in, 0, sealed.ciphertext().length);
    System.arraycopy(sealed.tag(), 0, in, sealed.ciphertext().length, TAG_BYTES);
    byte[] out = new byte[sealed.ciphertext().length];
    try {
      int n = ccm.processBytes(in, 0, in.length, out, 0);
      ccm.doFinal(out, n);
      return out;
    } catch (InvalidCipherTextException e) {
      Arrays.fill(out, (byte) 0);
      return null;
    }
  }

  private static CCMBlockCipher cipher(boolean encrypt, byte[] key, byte[] nonce) {
    CCMBlockCipher ccm = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
    ccm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce));
    return ccm;
  }
}
