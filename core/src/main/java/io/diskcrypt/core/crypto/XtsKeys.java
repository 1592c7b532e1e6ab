package io.diskcrypt.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks every XTS engine makes before it computes: key length, key1 != key2, whole sectors; and
 * fresh keys that pass them. Public so that engines and formats in other modules refuse misuse, and
 * make keys, the same way.
 */
public final class XtsKeys {
  private XtsKeys() {}

  /**
   * A fresh random XTS key of {@code bytes} bytes (key1 followed by key2) whose halves differ, so that
   * {@link #check} accepts it: a draw with equal halves (IEEE 1619 forbids them) is destroyed and
   * drawn again. The caller owns the result and should destroy it.
   *
   * @throws IllegalArgumentException when {@code bytes} is not positive
   */
  public static SecretKeyMaterial random(int bytes) {
    SecretKeyMaterial key = SecretKeyMaterial.random(bytes);
    while (halvesEqual(key)) {
      key.destroy();
      key = SecretKeyMaterial.random(bytes);
    }
    return key;
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
    if (halvesEqual(key)) {
      throw new IllegalArgumentException(
          "XTS key halves are equal (key1 == key2): IEEE 1619 requires two distinct AES keys");
    }
  }

  /** True when key1 equals key2, compared in constant time; the copies are wiped. */
  private static boolean halvesEqual(SecretKeyMaterial key) {
    int length = key.length();
    int half = length / 2;
    byte[] key1 = key.copyBytes(0, half);
    byte[] key2 = key.copyBytes(half, length - half);
    try {
      return MessageDigest.isEqual(key1, key2);
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
