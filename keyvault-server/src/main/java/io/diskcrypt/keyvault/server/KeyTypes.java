package io.diskcrypt.keyvault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.keyvault.KeyCurve;
import io.diskcrypt.keyvault.KeyType;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/** Key types, curves and imported JSON Web Keys as the REST API spells them. */
final class KeyTypes {
  private KeyTypes() {}

  record Parsed(KeyType type) {}

  /** An imported key pair and the type it is stored as. */
  record Imported(KeyType type, KeyPair keyPair) {}

  static Parsed parse(String kty) throws RestError {
    for (KeyType t : KeyType.values()) {
      if (t.wireName().equals(kty)) {
        return new Parsed(t);
      }
    }
    throw RestError.badParameter("Invalid kty '" + kty + "'; this vault takes RSA, RSA-HSM, EC and EC-HSM");
  }

  static KeyCurve curve(String crv) throws RestError {
    for (KeyCurve c : KeyCurve.values()) {
      if (c.wireName().equals(crv)) {
        return c;
      }
    }
    throw RestError.badParameter("Invalid crv '" + crv + "'; allowed: P-256, P-384");
  }

  /**
   * The key pair in a JWK with its private part ({@code d}, and for RSA the CRT parameters). {@code hsm}
   * (the request's {@code Hsm} flag) stores it as RSA-HSM or EC-HSM.
   */
  static Imported importJwk(ObjectNode jwk, boolean hsm) throws RestError {
    KeyType kty = parse(Wire.requiredText(jwk, "kty")).type();
    if (hsm && !kty.isHsm()) {
      kty = kty.isRsa() ? KeyType.RSA_HSM : KeyType.EC_HSM;
    }
    try {
      if (kty.isRsa()) {
        BigInteger n = big(jwk, "n");
        BigInteger e = big(jwk, "e");
        RSAPrivateCrtKeySpec priv = new RSAPrivateCrtKeySpec(n, e, big(jwk, "d"), big(jwk, "p"), big(jwk, "q"),
            big(jwk, "dp"), big(jwk, "dq"), big(jwk, "qi"));
        KeyFactory f = KeyFactory.getInstance("RSA");
        return new Imported(kty, new KeyPair(f.generatePublic(new RSAPublicKeySpec(n, e)), f.generatePrivate(priv)));
      }
      KeyCurve curve = curve(Wire.requiredText(jwk, "crv"));
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(curve.jdkName()));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      KeyFactory f = KeyFactory.getInstance("EC");
      ECPoint w = new ECPoint(big(jwk, "x"), big(jwk, "y"));
      return new Imported(kty, new KeyPair(f.generatePublic(new ECPublicKeySpec(w, spec)),
          f.generatePrivate(new ECPrivateKeySpec(big(jwk, "d"), spec))));
    } catch (GeneralSecurityException e) {
      throw RestError.badParameter("The imported " + kty.wireName() + " key is not a valid key: " + e.getMessage());
    }
  }

  private static BigInteger big(ObjectNode jwk, String field) throws RestError {
    if (!jwk.has(field)) {
      throw RestError.badParameter("Property 'key." + field + "' is required to import this key");
    }
    byte[] b = Wire.base64Url(jwk, field);
    try {
      if (b.length == 0) {
        throw RestError.badParameter("Property 'key." + field + "' is empty");
      }
      return new BigInteger(1, b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }
}
