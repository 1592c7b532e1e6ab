package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import javax.crypto.Cipher;

/** The JDK calls behind key generation and the four RSA operations; no policy, no checks. */
final class RsaCrypto {
  private RsaCrypto() {}

  static KeyPair generate(KeySpec spec) {
    try {
      if (spec.kty().isRsa()) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(spec.size(), RSAKeyGenParameterSpec.F4), Randomness.source());
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(spec.curve().orElseThrow().jdkName()), Randomness.source());
      return g.generateKeyPair();
    } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK cannot generate " + spec.kty().wireName() + " keys", e);
    }
  }

  /**
   * Encrypts with the public key (wrapKey and encrypt are the same RSA operation); the padding's random
   * bytes come from {@link Randomness}, so a seeded run wraps to the same bytes.
   */
  static byte[] encrypt(PublicKey key, KeyWrapAlgorithm alg, byte[] plaintext) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(alg.transformation());
    c.init(Cipher.ENCRYPT_MODE, key, alg.parameters().orElse(null), Randomness.source());
    return c.doFinal(plaintext);
  }

  /** Decrypts with the private key; throws when the padding check fails. */
  static byte[] decrypt(PrivateKey key, KeyWrapAlgorithm alg, byte[] ciphertext) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(alg.transformation());
    c.init(Cipher.DECRYPT_MODE, key, alg.parameters().orElse(null));
    return c.doFinal(ciphertext);
  }
}
