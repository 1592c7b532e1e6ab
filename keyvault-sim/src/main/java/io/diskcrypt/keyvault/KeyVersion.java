package io.diskcrypt.keyvault;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One key version inside the vault, with its private key. Mutable attributes; guarded by the vault's
 * lock. Never leaves the package: callers see {@link KeyBundle}.
 */
final class KeyVersion extends ObjectVersion {
  final KeyType kty;
  final int size;
  final Optional<KeyCurve> curve;
  private final KeyMaterial material;
  final boolean exportable;
  Set<KeyOperation> keyOps;
  Optional<KeyReleasePolicy> releasePolicy;
  boolean nearExpiryNotified;
  boolean expiredNotified;

  KeyVersion(VaultObjectId id, KeySpec spec, int size, KeyMaterial material, Set<KeyOperation> keyOps, Instant created) {
    super(id, spec.enabled(), spec.notBefore(), spec.expires(), spec.tags(), created);
    this.kty = spec.kty();
    this.size = size;
    this.curve = spec.curve();
    this.material = material;
    this.keyOps = keyOps;
    this.exportable = spec.exportable();
    this.releasePolicy = spec.releasePolicy();
  }

  KeyMaterial material() {
    return material;
  }

  PublicKey publicKey() {
    return material.get().getPublic();
  }

  PrivateKey privateKey() {
    return material.get().getPrivate();
  }

  /** A new expiry is a new deadline: its events may fire again. */
  @Override
  void expiryChanged() {
    nearExpiryNotified = false;
    expiredNotified = false;
  }

  KeyBundle bundle(String recoveryLevel) {
    return new KeyBundle(id, kty, size, curve, attributes(recoveryLevel), keyOps, tags, publicKey(), exportable,
        releasePolicy);
  }
}
