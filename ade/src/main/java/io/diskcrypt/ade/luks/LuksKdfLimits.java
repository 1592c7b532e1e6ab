package io.diskcrypt.ade.luks;

/**
 * The most key-derivation work a header may ask of {@link Luks#open}: a header is untrusted input,
 * and PBKDF2 iterations or an Argon2 time of 2^31-1 would run for ever, an Argon2 memory of 4 GiB
 * would exhaust a small heap. A keyslot above a ceiling is not tried (the refusal names the keyslot,
 * the value and the ceiling); a volume-key digest above it refuses the volume.
 *
 * <p>The {@link #defaults()} cover what cryptsetup writes: it benchmarks PBKDF2 for 2 s per keyslot
 * (about 1 to 5 million SHA-256 iterations on current CPUs) and the digest for 125 ms, and caps
 * Argon2 at 1 GiB of memory (its default {@code --pbkdf-memory}) with a time cost of 4 or a little
 * more.
 *
 * @param maxIterations the most PBKDF2 iterations, for keyslots and for the volume-key digest
 * @param maxArgon2Time the highest Argon2 time cost
 * @param maxArgon2MemoryKiB the most Argon2 memory, in KiB; the JVM's free heap is a further limit
 */
public record LuksKdfLimits(int maxIterations, int maxArgon2Time, int maxArgon2MemoryKiB) {
  /** 10 million PBKDF2 iterations: twice what cryptsetup's 2 s benchmark gives on a fast CPU. */
  public static final int DEFAULT_MAX_ITERATIONS = 10_000_000;
  /** Argon2 time 64: cryptsetup's benchmark gives 4 to about 10. */
  public static final int DEFAULT_MAX_ARGON2_TIME = 64;
  /** Argon2 memory 1 GiB: cryptsetup's default maximum. */
  public static final int DEFAULT_MAX_ARGON2_MEMORY_KIB = 1 << 20;

  /**
   * Validates the ceilings.
   *
   * @throws IllegalArgumentException naming a ceiling below the format's minimum
   */
  public LuksKdfLimits {
    if (maxIterations < 1000) {
      throw new IllegalArgumentException("maxIterations " + maxIterations + " is below cryptsetup's minimum 1000");
    }
    if (maxArgon2Time < 4) {
      throw new IllegalArgumentException("maxArgon2Time " + maxArgon2Time + " is below Argon2's LUKS minimum 4");
    }
    if (maxArgon2MemoryKiB < 32) {
      throw new IllegalArgumentException("maxArgon2MemoryKiB " + maxArgon2MemoryKiB + " is below Argon2's minimum 32");
    }
  }

  /** The default ceilings (see the class comment). */
  public static LuksKdfLimits defaults() {
    return new LuksKdfLimits(DEFAULT_MAX_ITERATIONS, DEFAULT_MAX_ARGON2_TIME, DEFAULT_MAX_ARGON2_MEMORY_KIB);
  }

  /** Why {@code kdf} may not run under these ceilings, or null when it may. */
  String refusal(LuksKdf kdf) {
    if (kdf.type() == LuksKdf.Type.PBKDF2) {
      return kdf.iterations() > maxIterations ? "pbkdf2 iterations " + kdf.iterations()
          + " exceed the ceiling " + maxIterations + " (raise maxIterations, --max-kdf-iterations)" : null;
    }
    if (kdf.iterations() > maxArgon2Time) {
      return kdf.type().jsonName() + " time " + kdf.iterations() + " exceeds the ceiling " + maxArgon2Time
          + " (raise maxArgon2Time, --max-kdf-time)";
    }
    if (kdf.memoryKiB() > maxArgon2MemoryKiB) {
      return kdf.type().jsonName() + " memory " + kdf.memoryKiB() + " KiB exceeds the ceiling "
          + maxArgon2MemoryKiB + " KiB (raise maxArgon2MemoryKiB, --max-kdf-memory)";
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if ((long) kdf.memoryKiB() * 1024 > free) {
      return kdf.type().jsonName() + " memory " + kdf.memoryKiB() + " KiB exceeds the " + free / 1024
          + " KiB free in this JVM's heap (raise -Xmx)";
    }
    return null;
  }

  /** Why a volume-key digest of {@code iterations} may not run, or null when it may. */
  String digestRefusal(int iterations) {
    return iterations > maxIterations ? "digest iterations " + iterations + " exceed the ceiling " + maxIterations
        + " (raise maxIterations, --max-kdf-iterations)" : null;
  }
}
