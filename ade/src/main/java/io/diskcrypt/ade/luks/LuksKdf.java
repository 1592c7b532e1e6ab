package io.diskcrypt.ade.luks;

import java.util.Locale;
import java.util.Objects;

/**
 * The password-based key derivation of a keyslot, with its cost.
 *
 * <p>For PBKDF2, {@code iterations} is the iteration count and {@code hash} the HMAC hash ({@code
 * sha1}, {@code sha256} or {@code sha512}); memory and parallelism are 0. For Argon2, {@code iterations}
 * is the time cost, {@code memoryKiB} the memory cost in KiB and {@code parallelism} the lanes
 * ({@code cpus} in the LUKS2 JSON); {@code hash} is unused (null).
 *
 * @param type the algorithm
 * @param hash the PBKDF2 hash, or null for Argon2
 * @param iterations PBKDF2 iterations (at least 1000, cryptsetup's minimum) or Argon2 time cost (at least 4)
 * @param memoryKiB Argon2 memory in KiB (32 .. 4194304), 0 for PBKDF2
 * @param parallelism Argon2 lanes (1 .. 16), 0 for PBKDF2
 */
public record LuksKdf(Type type, String hash, int iterations, int memoryKiB, int parallelism) {

  /** The key derivation functions LUKS uses. */
  public enum Type {
    /** PBKDF2-HMAC (LUKS1 and LUKS2). */
    PBKDF2("pbkdf2"),
    /** Argon2i (LUKS2 default in cryptsetup 2.0 to 2.3). */
    ARGON2I("argon2i"),
    /** Argon2id (LUKS2 default since cryptsetup 2.4). */
    ARGON2ID("argon2id");

    private final String jsonName;

    Type(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The name in the LUKS2 JSON ({@code kdf.type}) and on cryptsetup's command line. */
    public String jsonName() {
      return jsonName;
    }

    /**
     * The type named {@code name} as in the LUKS2 JSON.
     *
     * @throws IllegalArgumentException listing the allowed names
     */
    public static Type ofJsonName(String name) {
      for (Type t : values()) {
        if (t.jsonName.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown kdf '" + name + "': allowed are pbkdf2, argon2i, argon2id");
    }
  }

  /**
   * Validates the costs.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public LuksKdf {
    Objects.requireNonNull(type, "type");
    if (type == Type.PBKDF2) {
      hash = hash == null ? null : hash.toLowerCase(Locale.ROOT);
      Hashes.check(hash);
      if (iterations < 1000) {
        throw new IllegalArgumentException("pbkdf2 iterations " + iterations + " below cryptsetup's minimum 1000");
      }
      if (memoryKiB != 0 || parallelism != 0) {
        throw new IllegalArgumentException("pbkdf2 takes no memory or parallelism cost");
      }
    } else {
      if (iterations < 4) {
        throw new IllegalArgumentException(type.jsonName + " time cost " + iterations + " below the minimum 4");
      }
      if (memoryKiB < 32 || memoryKiB > 4 * 1024 * 1024) {
        throw new IllegalArgumentException(
            type.jsonName + " memory " + memoryKiB + " KiB out of range: allowed 32 .. 4194304");
      }
      if (parallelism < 1 || parallelism > 16) {
        throw new IllegalArgumentException(
            type.jsonName + " parallelism " + parallelism + " out of range: allowed 1 .. 16");
      }
      hash = null;
    }
  }

  /** PBKDF2-HMAC-SHA256 with {@code iterations}. */
  public static LuksKdf pbkdf2(int iterations) {
    return new LuksKdf(Type.PBKDF2, "sha256", iterations, 0, 0);
  }

  /** Argon2id with the given time cost, memory (KiB) and lanes. */
  public static LuksKdf argon2id(int time, int memoryKiB, int parallelism) {
    return new LuksKdf(Type.ARGON2ID, null, time, memoryKiB, parallelism);
  }

  @Override
  public String toString() {
    return type == Type.PBKDF2
        ? "pbkdf2-" + hash + " " + iterations + " iterations"
        : type.jsonName + " time " + iterations + ", memory " + memoryKiB + " KiB, " + parallelism + " lanes";
  }
}
