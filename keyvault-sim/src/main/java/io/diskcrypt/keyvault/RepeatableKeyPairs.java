package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Key pairs drawn from a seed, for tests: the n-th key of one type and size that a service makes is
 * the same real RSA or EC key pair on every run (the JDK's generator fed by {@link
 * Randomness#repeatable}), and it is generated once per JVM: another service with the same seed gets
 * it from a cache, in microseconds instead of the seconds an RSA key costs. Anyone who knows the seed
 * knows the private keys.
 */
final class RepeatableKeyPairs implements KeyPairSource {
  /** Key pairs by seed, kind and ordinal; they are immutable and only ever the same for a key. */
  private static final Map<String, KeyPair> MADE = new ConcurrentHashMap<>();

  private final long seed;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  RepeatableKeyPairs(long seed) {
    this.seed = seed;
  }

  @Override
  public KeyPair generate(KeySpec spec) {
    String kind = spec.kty().isRsa() ? "RSA-" + spec.size() : "EC-" + spec.curve().orElseThrow().jdkName();
    int ordinal = counts.computeIfAbsent(kind, k -> new AtomicInteger()).getAndIncrement();
    String id = seed + "/" + kind + "/" + ordinal;
    KeyPair pair = MADE.get(id);
    if (pair == null) {
      // Generated outside the map's lock: two services asking at once both compute the same pair.
      long keySeed = seed * 1_000_003L + kind.hashCode() * 31L + ordinal;
      pair = Randomness.repeatable(keySeed, () -> RsaCrypto.generate(spec));
      KeyPair raced = MADE.putIfAbsent(id, pair);
      pair = raced != null ? raced : pair;
    }
    return pair;
  }
}
