package io.diskcrypt.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks every XTS engine makes before it computes: key length, key1 != key2, whole sectors.
 * Public so that engines in other modules refuse misuse the same way.
 */
public final class XtsKeys {
  private XtsKeys() {}

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
