package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;

/**
 * Signing a digest the caller computed, as the service does. The JDK signs messages, not digests, for
 * two of the three families, so: RSASSA-PKCS1-v1_5 is {@code NONEwithRSA} over the DigestInfo; RSASSA-PSS
 * is the EMSA-PSS encoding of RFC 8017 section 9.1 around a raw RSA operation; ECDSA is {@code
 * NONEwithECDSA}, converted between DER and the r || s form of JWS. The PSS salt and ECDSA's nonce come
 * from {@link Randomness}.
 */
final class Signatures {
  private static final HexFormat HEX = HexFormat.of();

  private Signatures() {}

  static byte[] sign(PrivateKey key, SignatureAlgorithm alg, byte[] digest) throws GeneralSecurityException {
    if (alg.isPss()) {
      int modBits = ((RSAKey) key).getModulus().bitLength();
      byte[] em = pssEncode(alg, digest, modBits - 1);
      Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
      raw.init(Cipher.ENCRYPT_MODE, key);
      return raw.doFinal(leftPad(em, (modBits + 7) / 8));
    }
    if (alg.isRsa()) {
      Signature s = Signature.getInstance("NONEwithRSA");
      s.initSign(key);
      s.update(digestInfo(alg, digest));
      return s.sign();
    }
    Signature s = Signature.getInstance("NONEwithECDSA");
    s.initSign(key, Randomness.source());
    s.update(digest);
    return derToRaw(s.sign(), alg.digestBytes());
  }

  static boolean verify(PublicKey key, SignatureAlgorithm alg, byte[] digest, byte[] signature)
      throws GeneralSecurityException {
    if (alg.isPss()) {
      int modBits = ((RSAKey) key).getModulus().bitLength();
      int k = (modBits + 7) / 8;
      if (signature.length != k) {
        return false;
      }
      Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
      raw.init(Cipher.DECRYPT_MODE, key);
      byte[] em = raw.doFinal(signature);
      int emLen = (modBits - 1 + 7) / 8;
      for (int i = 0; i < em.length - emLen; i++) {
        if (em[i] != 0) {
          return false;
        }
      }
      return pssVerify(alg, digest, Arrays.copyOfRange(em, em.length - emLen, em.length), modBits - 1);
    }
    if (alg.isRsa()) {
      Signature s = Signature.getInstance("NONEwithRSA");
      s.initVerify(key);
      s.update(digestInfo(alg, digest));
      return s.verify(signature);
    }
    if (signature.length != 2 * alg.digestBytes()) {
      return false;
    }
    Signature s = Signature.getInstance("NONEwithECDSA");
    s.initVerify(key);
    s.update(digest);
    return s.verify(rawToDer(signature));
  }

  // ---------------------------------------------------------------- RSASSA-PKCS1-v1_5

  private static byte[] digestInfo(SignatureAlgorithm alg, byte[] digest) {
    String prefix = switch (alg.hash()) {
      case "SHA-256" -> "3031300d060960864801650304020105000420";
      case "SHA-384" -> "3041300d060960864801650304020205000430";
      default -> "3051300d060960864801650304020305000440";
    };
    byte[] p = HEX.parseHex(prefix);
    byte[] out = Arrays.copyOf(p, p.length + digest.length);
    System.arraycopy(digest, 0, out, p.length, digest.length);
    return out;
  }

  // ---------------------------------------------------------------- EMSA-PSS (RFC 8017, 9.1)

  private static byte[] pssEncode(SignatureAlgorithm alg, byte[] mHash, int emBits) throws GeneralSecurityException {
    int hLen = alg.digestBytes();
    int sLen = hLen;
    int emLen = (emBits + 7) / 8;
    if (emLen < hLen + sLen + 2) {
      throw new GeneralSecurityException("RSA key too short for " + alg.wireName());
    }
    byte[] salt = new byte[sLen];
    Randomness.source().nextBytes(salt);
    byte[] h = pssHash(alg, mHash, salt);
    byte[] db = new byte[emLen - hLen - 1];
    db[db.length - sLen - 1] = 1;
    System.arraycopy(salt, 0, db, db.length - sLen, sLen);
    byte[] mask = mgf1(alg, h, db.length);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
    byte[] em = new byte[emLen];
    System.arraycopy(db, 0, em, 0, db.length);
    System.arraycopy(h, 0, em, db.length, hLen);
    em[emLen - 1] = (byte) 0xbc;
    return em;
  }

  private static boolean pssVerify(SignatureAlgorithm alg, byte[] mHash, byte[] em, int emBits)
      throws GeneralSecurityException {
    int hLen = alg.digestBytes();
    int sLen = hLen;
    int emLen = em.length;
    if (emLen < hLen + sLen + 2 || em[emLen - 1] != (byte) 0xbc) {
      return false;
    }
    byte[] db = Arrays.copyOf(em, emLen - hLen - 1);
    byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
    int topBits = 8 * emLen - emBits;
    if ((db[0] & (0xff << (8 - topBits)) & 0xff) != 0) {
      return false;
    }
    byte[] mask = mgf1(alg, h, db.length);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= mask[i];
    }
    db[0] &= (byte) (0xff >>> topBits);
    int ps = db.length - sLen - 1;
    for (int i = 0; i < ps; i++) {
      if (db[i] != 0) {
        return false;
      }
    }
    if (db[ps] != 1) {
      return false;
    }
    byte[] salt = Arrays.copyOfRange(db, db.length - sLen, db.length);
    return MessageDigest.isEqual(h, pssHash(alg, mHash, salt));
  }

  private static byte[] pssHash(SignatureAlgorithm alg, byte[] mHash, byte[] salt) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance(alg.hash());
    md.update(new byte[8]);
    md.update(mHash);
    md.update(salt);
    return md.digest();
  }

  private static byte[] mgf1(SignatureAlgorithm alg, byte[] seed, int length) throws GeneralSecurityException {
    MessageDigest md = MessageDigest.getInstance(alg.hash());
    byte[] out = new byte[length];
    int done = 0;
    for (int counter = 0; done < length; counter++) {
      md.update(seed);
      md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
      byte[] block = md.digest();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }

  private static byte[] leftPad(byte[] b, int length) {
    if (b.length == length) {
      return b;
    }
    byte[] out = new byte[length];
    System.arraycopy(b, 0, out, length - b.length, b.length);
    return out;
  }

  // ---------------------------------------------------------------- ECDSA: DER <-> r || s

  private static byte[] derToRaw(byte[] der, int half) throws GeneralSecurityException {
    // SEQUENCE { INTEGER r, INTEGER s }, short or long-form length.
    int i = 1;
    i += (der[i] & 0x80) != 0 ? 1 + (der[i] & 0x7f) : 1;
    byte[] out = new byte[2 * half];
    for (int part = 0; part < 2; part++) {
      if (der[i] != 0x02) {
        throw new GeneralSecurityException("malformed ECDSA signature");
      }
      int len = der[i + 1];
      BigInteger v = new BigInteger(1, Arrays.copyOfRange(der, i + 2, i + 2 + len));
      byte[] fixed = unsigned(v, half);
      System.arraycopy(fixed, 0, out, part * half, half);
      i += 2 + len;
    }
    return out;
  }

  private static byte[] rawToDer(byte[] raw) {
    int half = raw.length / 2;
    byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half)).toByteArray();
    byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)).toByteArray();
    int body = 2 + r.length + 2 + s.length;
    byte[] der = new byte[(body > 127 ? 3 : 2) + body];
    int i = 0;
    der[i++] = 0x30;
    if (body > 127) {
      der[i++] = (byte) 0x81;
    }
    der[i++] = (byte) body;
    der[i++] = 0x02;
    der[i++] = (byte) r.length;
    System.arraycopy(r, 0, der, i, r.length);
    i += r.length;
    der[i++] = 0x02;
    der[i++] = (byte) s.length;
    System.arraycopy(s, 0, der, i, s.length);
    return der;
  }

  private static byte[] unsigned(BigInteger v, int length) throws GeneralSecurityException {
    byte[] b = v.toByteArray();
    int start = b.length > length ? b.length - length : 0;
    if (start > 0 && (start > 1 || b[0] != 0)) {
      throw new GeneralSecurityException("ECDSA signature value too long");
    }
    byte[] out = new byte[length];
    System.arraycopy(b, start, out, length - (b.length - start), b.length - start);
    return out;
  }
}
