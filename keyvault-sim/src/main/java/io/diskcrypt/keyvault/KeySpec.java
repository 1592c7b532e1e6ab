package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to create or import: key type, size or curve, and the initial attributes. Start from {@link
 * #rsa(int)}, {@link #rsaHsm(int)}, {@link #ec(KeyCurve)} or {@link #ecHsm(KeyCurve)} and refine with the
 * {@code with...} methods. The vault, not this value, decides whether a size or type is allowed (and
 * refuses with {@link BadParameterException}), as the real service does.
 *
 * @param kty the key type
 * @param size the RSA modulus in bits (0 for EC)
 * @param curve the curve of an EC key
 * @param keyOps the allowed operations; empty means every operation of the type
 * @param enabled whether the new version starts enabled
 * @param notBefore optional activation time ({@code nbf})
 * @param expires optional expiry time ({@code exp})
 * @param tags up to 15 tags
 * @param exportable whether the private key may be released to an attested environment ({@link
 *     KeyVault#release}); only HSM-protected keys, and only with a release policy
 * @param releasePolicy the secure key release policy; required for the first version of an exportable
 *     key, inherited by later versions made without one
 */
public record KeySpec(
    KeyType kty,
    int size,
    Optional<KeyCurve> curve,
    Set<KeyOperation> keyOps,
    boolean enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Map<String, String> tags,
    boolean exportable,
    Optional<KeyReleasePolicy> releasePolicy) {

  /** Copies the collections in. */
  public KeySpec {
    Objects.requireNonNull(kty, "kty");
    Objects.requireNonNull(curve, "curve");
    keyOps = keyOps.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keyOps));
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(releasePolicy, "releasePolicy");
  }

  /** A software RSA key of {@code bits} (2048, 3072 or 4096). */
  public static KeySpec rsa(int bits) {
    return of(KeyType.RSA, bits, Optional.empty());
  }

  /** An HSM-protected RSA key of {@code bits} (premium vaults only). */
  public static KeySpec rsaHsm(int bits) {
    return of(KeyType.RSA_HSM, bits, Optional.empty());
  }

  /** A software EC key on {@code curve}. It can sign and verify but refuses wrap and encrypt. */
  public static KeySpec ec(KeyCurve curve) {
    return of(KeyType.EC, 0, Optional.of(curve));
  }

  /** An HSM-protected EC key on {@code curve} (premium vaults only). */
  public static KeySpec ecHsm(KeyCurve curve) {
    return of(KeyType.EC_HSM, 0, Optional.of(curve));
  }

  private static KeySpec of(KeyType kty, int size, Optional<KeyCurve> curve) {
    return new KeySpec(kty, size, curve, Set.of(), true, Optional.empty(), Optional.empty(), Map.of(), false,
        Optional.empty());
  }

  /** The same spec allowing only {@code ops}. */
  public KeySpec withKeyOps(KeyOperation... ops) {
    return new KeySpec(kty, size, curve, ops.length == 0 ? Set.of() : EnumSet.copyOf(java.util.Arrays.asList(ops)),
        enabled, notBefore, expires, tags, exportable, releasePolicy);
  }

  /** The same spec with {@code tags}. */
  public KeySpec withTags(Map<String, String> newTags) {
    return new KeySpec(kty, size, curve, keyOps, enabled, notBefore, expires, newTags, exportable, releasePolicy);
  }

  /** The same spec with activation time {@code nbf}. */
  public KeySpec withNotBefore(Instant nbf) {
    return new KeySpec(kty, size, curve, keyOps, enabled, Optional.of(nbf), expires, tags, exportable, releasePolicy);
  }

  /** The same spec with expiry time {@code exp}. */
  public KeySpec withExpires(Instant exp) {
    return new KeySpec(kty, size, curve, keyOps, enabled, notBefore, Optional.of(exp), tags, exportable, releasePolicy);
  }

  /**
   * The same spec, exportable under {@code policy}: the key can then be released, wrapped to the key of
   * an environment whose attestation meets the policy (a confidential VM's, say). Only HSM-protected
   * keys (RSA-HSM, EC-HSM) in a premium vault or a Managed HSM are exportable.
   */
  public KeySpec withReleasePolicy(KeyReleasePolicy policy) {
    return new KeySpec(kty, size, curve, keyOps, enabled, notBefore, expires, tags, true,
        Optional.of(Objects.requireNonNull(policy, "policy")));
  }

  /** The same spec, exportable, keeping its release policy (a new version inherits the key's). */
  public KeySpec withExportable() {
    return new KeySpec(kty, size, curve, keyOps, enabled, notBefore, expires, tags, true, releasePolicy);
  }

  /** The same spec, created disabled. */
  public KeySpec disabled() {
    return new KeySpec(kty, size, curve, keyOps, false, notBefore, expires, tags, exportable, releasePolicy);
  }
}
