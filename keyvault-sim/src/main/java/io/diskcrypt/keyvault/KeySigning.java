package io.diskcrypt.keyvault;

import java.security.GeneralSecurityException;
import java.time.Instant;

/**
 * sign and verify on a key version, with the service's refusals in its order: a missing algorithm or
 * digest, an algorithm the key type or curve does not take, a disabled version, {@code key_ops}, then
 * (sign only) the nbf/exp window, then the digest's length. Runs under the vault's lock, after the
 * caller's permission.
 */
final class KeySigning {
  private KeySigning() {}

  static SignResult sign(KeyVersion v, SignatureAlgorithm alg, byte[] digest, Instant now) throws KeyVaultException {
    check(v, alg, digest, KeyOperation.SIGN);
    if (v.notBefore.isPresent() && now.isBefore(v.notBefore.get())) {
      throw new KeyNotActiveException("KeyNotYetValid", "key " + v.url() + " is not valid before "
          + v.notBefore.get() + " (now " + now + "); sign is not allowed");
    }
    if (v.expires.isPresent() && !now.isBefore(v.expires.get())) {
      throw new KeyNotActiveException("KeyExpired", "key " + v.url() + " expired at " + v.expires.get()
          + " (now " + now + "); sign is not allowed");
    }
    checkDigest(v, alg, digest);
    try {
      return new SignResult(v.url(), alg, Signatures.sign(v.privateKey(), alg, digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(alg.wireName() + " signing failed for " + v.url(), e);
    }
  }

  static boolean verify(KeyVersion v, SignatureAlgorithm alg, byte[] digest, byte[] signature) throws KeyVaultException {
    check(v, alg, digest, KeyOperation.VERIFY);
    if (signature == null) {
      throw new BadParameterException("verify on " + v.url() + " needs a signature");
    }
    checkDigest(v, alg, digest);
    try {
      return Signatures.verify(v.publicKey(), alg, digest, signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static void check(KeyVersion v, SignatureAlgorithm alg, byte[] digest, KeyOperation op)
      throws KeyVaultException {
    if (alg == null || digest == null) {
      throw new BadParameterException(op.wireName() + " on " + v.url() + " needs an algorithm and a digest");
    }
    if (alg.isRsa() != v.kty.isRsa() || (!alg.isRsa() && v.curve.orElse(null) != alg.curve())) {
      throw new BadParameterException(alg.wireName() + " does not fit key " + v.url() + " (kty " + v.kty.wireName()
          + v.curve.map(c -> ", " + c.wireName()).orElse("") + "); "
          + (v.kty.isRsa() ? "use RS256, RS384, RS512, PS256, PS384 or PS512" : "use ES256 for P-256, ES384 for P-384"));
    }
    if (!v.enabled) {
      throw new KeyDisabledException("key " + v.url() + " is disabled; " + op.wireName() + " is not allowed");
    }
    if (!v.keyOps.contains(op)) {
      throw new ForbiddenException("key_ops of " + v.url() + " are " + Validation.wire(v.keyOps) + "; "
          + op.wireName() + " is not permitted");
    }
  }

  private static void checkDigest(KeyVersion v, SignatureAlgorithm alg, byte[] digest) throws BadParameterException {
    if (digest.length != alg.digestBytes()) {
      throw new BadParameterException("digest for " + alg.wireName() + " with " + v.url() + " is " + digest.length
          + " bytes; " + alg.hash() + " digests are " + alg.digestBytes());
    }
  }
}
