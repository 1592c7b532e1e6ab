package io.diskcrypt.keyvault;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer of wrapKey, unwrapKey, encrypt or decrypt: the exact versioned key id used ({@code kid})
 * and the bytes ({@code value}).
 *
 * <p><b>Security.</b> After unwrapKey or decrypt the value is plaintext key material: the caller owns
 * the copy it gets from {@link #value()} and should wipe it, and may call {@link #wipe()} on this
 * result. {@link #toString()} shows only the length.
 *
 * @param kid the versioned key id that did the operation
 * @param algorithm the algorithm used
 * @param value the output bytes
 */
public record KeyOperationResult(String kid, KeyWrapAlgorithm algorithm, byte[] value) {
  /** Copies the value in. */
  public KeyOperationResult {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    value = Objects.requireNonNull(value, "value").clone();
  }

  /** A copy of the output bytes. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Zeroes this result's copy of the bytes. */
  public void wipe() {
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyOperationResult r && kid.equals(r.kid) && algorithm == r.algorithm
        && java.security.MessageDigest.isEqual(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, algorithm, value.length);
  }

  @Override
  public String toString() {
    return "KeyOperationResult[" + kid + ", " + algorithm.wireName() + ", " + value.length + " bytes]";
  }
}
