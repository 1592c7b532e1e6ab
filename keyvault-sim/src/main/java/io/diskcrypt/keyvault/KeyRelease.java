package io.diskcrypt.keyvault;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secure key release of one key version, with the refusals in order: a missing token or algorithm, a
 * disabled version, a key that is not exportable, a token not signed by a trusted attestation
 * authority, a token outside its validity, then the key's release policy. Runs under the vault's lock,
 * after the caller's {@code release} permission.
 */
final class KeyRelease {
  private KeyRelease() {}

  static ReleasedKey release(KeyVersion v, AttestationToken target, KeyReleaseAlgorithm algorithm, Instant now,
      Function<String, Optional<AttestationAuthority>> trusted) throws KeyVaultException {
    if (target == null || algorithm == null) {
      throw new BadParameterException("release of " + v.url() + " needs a target attestation token and an algorithm");
    }
    if (!v.enabled) {
      throw new KeyDisabledException("key " + v.url() + " is disabled; release is not allowed");
    }
    if (!v.exportable || v.releasePolicy.isEmpty()) {
      throw new BadParameterException("key " + v.url() + " is not exportable: only a key created exportable, with a"
          + " release policy, can be released");
    }
    if (!trusted.apply(target.issuer()).map(a -> a.signed(target)).orElse(false)) {
      throw new ForbiddenException("the attestation token for " + v.url() + " is not signed by the attestation"
          + " authority " + target.issuer() + " this service trusts");
    }
    if (!target.isValidAt(now)) {
      throw new ForbiddenException("the attestation token for " + v.url() + " is valid from " + target.issuedAt()
          + " to " + target.expires() + (now.isBefore(target.issuedAt()) ? "; not yet valid" : "; it expired")
          + " (now " + now + ")");
    }
    Optional<String> refusal = v.releasePolicy.get().refusal(target);
    if (refusal.isPresent()) {
      throw new ForbiddenException("release of " + v.url() + " refused: " + refusal.get());
    }
    try {
      return ReleasedKey.wrap(v.url(), v.privateKey(), target.runtimeKey(), algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("wrapping the released key " + v.url() + " failed", e);
    }
  }
}
