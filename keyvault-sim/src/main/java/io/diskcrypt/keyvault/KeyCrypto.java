package io.diskcrypt.keyvault;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The four RSA operations of a key version, with the refusals the real service makes, in its order:
 * a missing algorithm or value, a key type without them, a disabled version, {@code key_ops}, then
 * (public-key side only) the nbf/exp window and the plaintext length, (private-key side) the
 * ciphertext length and padding. Runs under the vault's lock, after the caller's permission.
 */
enum KeyCrypto {
  WRAP("KeyWrap", KeyPermission.WRAP_KEY, KeyOperation.WRAP_KEY, true),
  UNWRAP("KeyUnwrap", KeyPermission.UNWRAP_KEY, KeyOperation.UNWRAP_KEY, false),
  ENCRYPT("KeyEncrypt", KeyPermission.ENCRYPT, KeyOperation.ENCRYPT, true),
  DECRYPT("KeyDecrypt", KeyPermission.DECRYPT, KeyOperation.DECRYPT, false);

  final String auditName;
  final KeyPermission permission;
  private final KeyOperation keyOp;
  private final boolean publicSide;

  KeyCrypto(String auditName, KeyPermission permission, KeyOperation keyOp, boolean publicSide) {
    this.auditName = auditName;
    this.permission = permission;
    this.keyOp = keyOp;
    this.publicSide = publicSide;
  }

  KeyOperationResult run(KeyVersion v, KeyWrapAlgorithm alg, byte[] input, Instant now) throws KeyVaultException {
    if (alg == null || input == null) {
      throw new BadParameterException(keyOp.wireName() + " on " + v.url() + " needs an algorithm and a value");
    }
    if (!v.kty.isRsa()) {
      throw new BadParameterException("key " + v.url() + " is kty " + v.kty.wireName() + ", which does not support "
          + keyOp.wireName() + "; use an RSA key");
    }
    if (!v.enabled) {
      throw new KeyDisabledException("key " + v.url() + " is disabled; " + keyOp.wireName() + " is not allowed");
    }
    if (!v.keyOps.contains(keyOp)) {
      throw new ForbiddenException("key_ops of " + v.url() + " are " + Validation.wire(v.keyOps) + "; "
          + keyOp.wireName() + " is not permitted");
    }
    return publicSide ? publicOp(v, alg, input, now) : privateOp(v, alg, input);
  }

  private KeyOperationResult publicOp(KeyVersion v, KeyWrapAlgorithm alg, byte[] input, Instant now)
      throws KeyVaultException {
    if (v.notBefore.isPresent() && now.isBefore(v.notBefore.get())) {
      throw new KeyNotActiveException("KeyNotYetValid", "key " + v.url() + " is not valid before "
          + v.notBefore.get() + " (now " + now + "); " + keyOp.wireName() + " is not allowed");
    }
    if (v.expires.isPresent() && !now.isBefore(v.expires.get())) {
      throw new KeyNotActiveException("KeyExpired", "key " + v.url() + " expired at " + v.expires.get()
          + " (now " + now + "); " + keyOp.wireName() + " is not allowed");
    }
    int max = alg.maxPlaintextBytes(v.size);
    if (input.length == 0 || input.length > max) {
      throw new BadParameterException("plaintext for " + keyOp.wireName() + " with " + v.url() + " is "
          + input.length + " bytes; " + alg.wireName() + " with a " + v.size + "-bit key takes 1 to " + max + " bytes");
    }
    try {
      return new KeyOperationResult(v.url(), alg, RsaCrypto.encrypt(v.publicKey(), alg, input));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA " + alg.wireName() + " encryption failed for " + v.url(), e);
    }
  }

  private KeyOperationResult privateOp(KeyVersion v, KeyWrapAlgorithm alg, byte[] input) throws KeyVaultException {
    if (input.length != v.size / 8) {
      throw new BadParameterException("ciphertext for " + keyOp.wireName() + " with " + v.url() + " is "
          + input.length + " bytes; a " + v.size + "-bit key needs exactly " + v.size / 8);
    }
    byte[] out = null;
    try {
      out = RsaCrypto.decrypt(v.privateKey(), alg, input);
      return new KeyOperationResult(v.url(), alg, out);
    } catch (GeneralSecurityException e) {
      throw new BadParameterException("ciphertext does not " + keyOp.wireName() + " under " + v.url() + " with "
          + alg.wireName() + " (padding check failed)");
    } finally {
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }
}
