package io.diskcrypt.core.crypto;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where the simulation's keys, salts, nonces and ids come from: a shared {@link SecureRandom}, or,
 * inside {@link #repeatable}, a generator seeded by the caller, so that a lesson or a test can print
 * the same keys, key ids and ciphertext on every run.
 *
 * <p>The seeded source is per thread and lasts only for the call ({@link #repeatable}) or until its
 * {@link Scope} is closed ({@link #use}). Keys made inside it are predictable by anyone who knows the
 * seed: it is for teaching and tests, never for real data. Outside a scope every draw comes from
 * {@link SecureRandom}.
 */
public final class Randomness {
  private static final SecureRandom SHARED = new SecureRandom();
  private static final ThreadLocal<SecureRandom> SEEDED = new ThreadLocal<>();

  private Randomness() {}

  /** The source to draw from on this thread. */
  public static SecureRandom source() {
    SecureRandom seeded = SEEDED.get();
    return seeded != null ? seeded : SHARED;
  }

  /** A random (version 4) UUID drawn from {@link #source()}. */
  public static UUID uuid() {
    byte[] b = new byte[16];
    source().nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    ByteBuffer buffer = ByteBuffer.wrap(b);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  /**
   * Runs {@code work} with a source seeded by {@code seed} on this thread, then restores the one
   * before (calls nest).
   */
  public static <T> T repeatable(long seed, Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    try (Scope scope = use(seeded(seed))) {
      return work.get();
    }
  }

  /**
   * Makes {@code source} this thread's source until the returned scope is closed, then restores the
   * one before (scopes nest). For a stream of draws that spans several calls, as a test's setup and
   * body do: pass one {@link #seeded} source to each call's scope, and each call draws on where the
   * last one stopped.
   */
  public static Scope use(SecureRandom source) {
    Objects.requireNonNull(source, "source");
    Scope scope = new Scope(SEEDED.get());
    SEEDED.set(source);
    return scope;
  }

  /** The span of one {@link #use}; {@link #close()} restores the thread's source before it. */
  public static final class Scope implements AutoCloseable {
    private final SecureRandom before;

    private Scope(SecureRandom before) {
      this.before = before;
    }

    @Override
    public void close() {
      if (before == null) {
        SEEDED.remove();
      } else {
        SEEDED.set(before);
      }
    }
  }

  /**
   * A source that draws only from {@code seed}: the same bytes on every run and JDK. Anyone who knows
   * the seed knows what it draws: for tests and lessons, never for real data.
   */
  public static SecureRandom seeded(long seed) {
    try {
      // SHA1PRNG seeded before its first use draws only from that seed: the same seed gives the same
      // bytes on every run and JDK (a DRBG would mix in fresh entropy).
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is missing from this JDK", e);
    }
  }
}
