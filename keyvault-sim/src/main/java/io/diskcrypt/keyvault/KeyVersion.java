package io.diskcrypt.keyvault;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One key version inside the vault, with its private key. Mutable attributes; guarded by the vault's
 * lock. Never leaves the package: callers see {@link KeyBundle}.
 */
final class KeyVersion {
  final String id;
  final KeyType kty;
  final int size;
  final Optional<KeyCurve> curve;
  private final KeyPair keyPair;
  final Instant created;
  boolean enabled;
  Optional<Instant> notBefore;
  Optional<Instant> expires;
  Instant updated;
  Set<KeyOperation> keyOps;
  Map<String, String> tags;
  boolean nearExpiryNotified;
  boolean expiredNotified;

  KeyVersion(String id, KeySpec spec, int size, KeyPair keyPair, Set<KeyOperation> keyOps, Instant created) {
    this.id = id;
    this.kty = spec.kty();
    this.size = size;
    this.curve = spec.curve();
    this.keyPair = keyPair;
    this.created = created;
    this.updated = created;
    this.enabled = spec.enabled();
    this.notBefore = spec.notBefore();
    this.expires = spec.expires();
    this.keyOps = keyOps;
    this.tags = spec.tags();
  }

  java.security.PublicKey publicKey() {
    return keyPair.getPublic();
  }

  PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  KeyBundle bundle(String recoveryLevel) {
    return new KeyBundle(id, kty, size, curve,
        attributes(recoveryLevel), keyOps, tags,
        keyPair.getPublic());
  }

  Attributes attributes(String recoveryLevel) {
    return new Attributes(enabled, notBefore, expires, created, updated, recoveryLevel);
  }

  @Override
  public String toString() {
    return "KeyVersion[" + id + "]";
  }
}
