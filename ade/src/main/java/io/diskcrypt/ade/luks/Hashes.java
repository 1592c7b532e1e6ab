package io.diskcrypt.ade.luks;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** The hashes LUKS names in its headers (PBKDF2, AF splitter, digests), and PBKDF2 over them. */
final class Hashes {
  private Hashes() {}

  /** Checks a hash name; throws IllegalArgumentException naming it when unsupported. */
  static void check(String name) {
    digest(name);
  }

  /** A fresh digest for a LUKS hash name. */
  static Digest digest(String name) {
    if (name != null) {
      switch (name) {
        case "sha1":
          return new SHA1Digest();
        case "sha256":
          return new SHA256Digest();
        case "sha512":
          return new SHA512Digest();
        default:
          break;
      }
    }
    throw new IllegalArgumentException("unsupported hash '" + name + "': allowed are sha1, sha256, sha512");
  }

  /** PBKDF2-HMAC-{@code hash}; the caller owns (and wipes) the result. */
  static byte[] pbkdf2(String hash, byte[] password, byte[] salt, int iterations, int length) {
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest(hash));
    generator.init(password, salt, iterations);
    KeyParameter key = (KeyParameter) generator.generateDerivedParameters(length * 8);
    return key.getKey();
  }
}
