package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The answer of {@link KeyVault#release}: the key version's private key, wrapped to the attested
 * environment's RSA key with {@link #algorithm()}. Only the holder of that environment's private key
 * can open it ({@link #open}).
 *
 * <p><b>Security.</b> The value is ciphertext; {@link #open} returns plaintext key material that the
 * caller owns. {@link #toString()} shows only the length.
 *
 * @param kid the versioned key id that was released
 * @param algorithm how it is wrapped
 * @param value the RSA-OAEP-wrapped AES key followed by the AES-KWP-wrapped PKCS#8 private key
 */
public record ReleasedKey(String kid, KeyReleaseAlgorithm algorithm, byte[] value) {

  /** Copies the value in. */
  public ReleasedKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    value = value.clone();
  }

  /** A copy of the wrapped bytes. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Wraps {@code key} to {@code target} with {@code algorithm}. */
  static ReleasedKey wrap(String kid, PrivateKey key, java.security.PublicKey target, KeyReleaseAlgorithm algorithm)
      throws GeneralSecurityException {
    byte[] aes = new byte[32];
    Randomness.source().nextBytes(aes);
    byte[] pkcs8 = key.getEncoded();
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.WRAP_MODE, target, algorithm.oaep());
      byte[] wrappedAes = rsa.wrap(new SecretKeySpec(aes, "AES"));
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"));
      byte[] wrappedKey = kwp.doFinal(pkcs8);
      byte[] out = Arrays.copyOf(wrappedAes, wrappedAes.length + wrappedKey.length);
      System.arraycopy(wrappedKey, 0, out, wrappedAes.length, wrappedKey.length);
      return new ReleasedKey(kid, algorithm, out);
    } finally {
      Arrays.fill(aes, (byte) 0);
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /**
   * Opens the released key inside the attested environment, with the private half of the token's
   * runtime key.
   *
   * @throws GeneralSecurityException when {@code target} is not the key it was wrapped to
   */
  public PrivateKey open(PrivateKey target) throws GeneralSecurityException {
    if (!(target instanceof RSAPrivateCrtKey rsaKey)) {
      throw new GeneralSecurityException("a released key opens with the target's RSA private key");
    }
    int split = (rsaKey.getModulus().bitLength() + 7) / 8;
    if (value.length <= split) {
      throw new GeneralSecurityException("released key " + kid + " is truncated");
    }
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(Cipher.UNWRAP_MODE, target, algorithm.oaep());
    java.security.Key aes = rsa.unwrap(Arrays.copyOf(value, split), "AES", Cipher.SECRET_KEY);
    Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
    kwp.init(Cipher.DECRYPT_MODE, aes);
    byte[] pkcs8 = kwp.doFinal(value, split, value.length - split);
    try {
      return privateKey(pkcs8);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** The PKCS#8 key's own algorithm decides: RSA, else EC. */
  private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (java.security.spec.InvalidKeySpecException notRsa) {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReleasedKey r && kid.equals(r.kid) && algorithm == r.algorithm && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, algorithm, value.length);
  }

  @Override
  public String toString() {
    return "ReleasedKey[" + kid + ", " + algorithm.wireName() + ", " + value.length + " bytes]";
  }
}
