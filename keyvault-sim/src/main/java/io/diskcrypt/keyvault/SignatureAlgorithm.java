package io.diskcrypt.keyvault;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The signature algorithms of sign and verify (JSON Web Algorithms, RFC 7518), with their wire names.
 * The caller hashes; the vault signs the digest: RS256-RS512 are RSASSA-PKCS1-v1_5, PS256-PS512 are
 * RSASSA-PSS with MGF1 of the same hash and a salt as long as the hash, ES256/ES384 are ECDSA on the
 * matching curve with the signature as r || s.
 */
public enum SignatureAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256. */
  RS256("RS256", "SHA-256", 32, null),
  /** RSASSA-PKCS1-v1_5 with SHA-384. */
  RS384("RS384", "SHA-384", 48, null),
  /** RSASSA-PKCS1-v1_5 with SHA-512. */
  RS512("RS512", "SHA-512", 64, null),
  /** RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt. */
  PS256("PS256", "SHA-256", 32, null),
  /** RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt. */
  PS384("PS384", "SHA-384", 48, null),
  /** RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt. */
  PS512("PS512", "SHA-512", 64, null),
  /** ECDSA on P-256 with SHA-256. */
  ES256("ES256", "SHA-256", 32, KeyCurve.P_256),
  /** ECDSA on P-384 with SHA-384. */
  ES384("ES384", "SHA-384", 48, KeyCurve.P_384);

  private final String wireName;
  private final String hash;
  private final int digestBytes;
  private final KeyCurve curve;

  SignatureAlgorithm(String wireName, String hash, int digestBytes, KeyCurve curve) {
    this.wireName = wireName;
    this.hash = hash;
    this.digestBytes = digestBytes;
    this.curve = curve;
  }

  /** The REST name, such as {@code PS256}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA name of the hash whose digest is signed, such as {@code SHA-256}. */
  public String hash() {
    return hash;
  }

  /** The length of the digest this algorithm signs. */
  public int digestBytes() {
    return digestBytes;
  }

  /** True for RS* and PS* (RSA keys); false for ES* (EC keys on {@link #curve()}). */
  public boolean isRsa() {
    return curve == null;
  }

  /** True for PS*. */
  boolean isPss() {
    return wireName.startsWith("PS");
  }

  /** The curve an ES* algorithm needs; null for RSA algorithms. */
  public KeyCurve curve() {
    return curve;
  }

  /**
   * The algorithm with wire name {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the allowed names
   */
  public static SignatureAlgorithm fromWireName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown signature algorithm '" + name + "'; allowed: "
        + Arrays.stream(values()).map(SignatureAlgorithm::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
