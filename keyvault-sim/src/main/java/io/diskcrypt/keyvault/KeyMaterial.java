package io.diskcrypt.keyvault;

import java.security.KeyPair;

/**
 * The key pair of one key version: made with the version, or, for the versions a rotation catch-up
 * makes, on first use. A catch-up over a long clock move makes many versions that nobody may ever use;
 * deferring their key generation is what keeps it cheap (an RSA-4096 key pair takes a good part of a
 * second). Thread-safe on its own monitor, which is never held while the vault's lock is taken.
 */
final class KeyMaterial {
  private final KeySpec spec;
  private final KeyPairSource source;
  private KeyPair pair;

  private KeyMaterial(KeySpec spec, KeyPairSource source, KeyPair pair) {
    this.spec = spec;
    this.source = source;
    this.pair = pair;
  }

  /** Material that exists already. */
  static KeyMaterial of(KeyPair pair) {
    return new KeyMaterial(null, null, pair);
  }

  /** Material generated from {@code spec} by {@code source} the first time it is asked for. */
  static KeyMaterial deferred(KeySpec spec, KeyPairSource source) {
    return new KeyMaterial(spec, source, null);
  }

  /** The key pair, generated now if it was deferred. */
  synchronized KeyPair get() {
    if (pair == null) {
      pair = source.generate(spec);
    }
    return pair;
  }
}
