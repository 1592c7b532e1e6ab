package io.diskcrypt.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks every XTS engine makes before it computes: key length, key1 != key2, whole sectors; and
 * fresh keys that pass them. Public so that engines and formats in other modules refuse misuse, and
 * make keys, the same way.
 */
public final class XtsKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private XtsKeys() {}

  /**
   * A fresh random XTS key of {@code bytes} bytes (key1 followed by key2) whose halves differ, so that
   * {@link #check} accepts it: a draw with equal halves (IEEE 1619 forbids them) is discarded and
   * drawn again. The caller owns the result and should destroy it.
   *
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  public static SecretKeyMaterial random(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("key length must be positive, got " + bytes);
    }
    byte[] key = new byte[bytes];
    try {
      do {
        RANDOM.nextBytes(key);
        // Compared in place: copies of the halves would be more key bytes to wipe.
      } while (Arrays.equals(key, 0, bytes / 2, key, bytes / 2, bytes));
      return SecretKeyMaterial.copyOf(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Checks a key against parameters.
   *
   * @throws IllegalArgumentException when the key length is wrong or its halves are equal (compared
   *     in constant time); the message names no key bytes
   */
  public static void check(XtsParameters parameters, SecretKeyMaterial key) {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(key, "key");
    int length = key.length();
    if (length != parameters.keyBytes()) {
      throw new IllegalArgumentException(
          "XTS key is " + (length * 8) + " bits, but " + parameters + " needs " + parameters.keyBits()
              + " bits (two AES keys)");
    }
    int half = length / 2;
    byte[] key1 = key.copyBytes(0, half);
    byte[] key2 = key.copyBytes(half, half);
    try {
      if (MessageDigest.isEqual(key1, key2)) {
        throw new IllegalArgumentException(
            "XTS key halves are equal (key1 == key2): IEEE 1619 requires two distinct AES keys");
      }
    } finally {
      Arrays.fill(key1, (byte) 0);
      Arrays.fill(key2, (byte) 0);
    }
  }

  /**
   * Checks that a call covers whole sectors that fit both buffers.
   *
   * @throws IllegalArgumentException naming the length or range that is wrong
   */
  public static void checkRange(
      int sectorBytes, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    if (length <= 0 || length % sectorBytes != 0) {
      throw new IllegalArgumentException(
          "length " + length + " is not a whole number of " + sectorBytes + "-byte sectors");
    }
    if (inOffset < 0 || inOffset > in.length - length) {
      throw new IllegalArgumentException(
          "input range [" + inOffset + ", " + ((long) inOffset + length) + ") does not fit " + in.length + " bytes");
    }
    if (outOffset < 0 || outOffset > out.length - length) {
      throw new IllegalArgumentException(
          "output range [" + outOffset + ", " + ((long) outOffset + length) + ") does not fit " + out.length + " bytes");
    }
  }
}
