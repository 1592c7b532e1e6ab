package io.diskcrypt.keyvault;

import java.util.Objects;

/**
 * The answer of sign: the exact versioned key id that signed ({@code kid}), the algorithm, and the
 * signature (r || s for ECDSA).
 *
 * @param kid the versioned key id
 * @param algorithm the algorithm used
 * @param signature the signature bytes
 */
public record SignResult(String kid, SignatureAlgorithm algorithm, byte[] signature) {
  /** Copies the signature in. */
  public SignResult {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    signature = Objects.requireNonNull(signature, "signature").clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignResult r && kid.equals(r.kid) && algorithm == r.algorithm
        && java.util.Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, algorithm, java.util.Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignResult[" + kid + ", " + algorithm.wireName() + ", " + signature.length + " bytes]";
  }
}
