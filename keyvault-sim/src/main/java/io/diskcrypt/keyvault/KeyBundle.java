package io.diskcrypt.keyvault;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One key version as the service returns it: its versioned id, type, size or curve, attributes,
 * allowed operations, tags and the public half (the JWK's {@code n}/{@code e} or {@code x}/{@code y}).
 * The private key never leaves the vault.
 *
 * @param objectId {@code https://{vault}.vault.azure.net/keys/{name}/{32 hex version}}, parsed
 * @param kty the key type
 * @param size the RSA modulus in bits (0 for EC)
 * @param curve the curve of an EC key
 * @param attributes enabled, nbf, exp, created, updated, recovery level
 * @param keyOps the allowed operations
 * @param tags the tags
 * @param publicKey the public key
 * @param exportable whether the key can be released to an attested environment
 * @param releasePolicy its secure key release policy, if any
 */
public record KeyBundle(
    VaultObjectId objectId,
    KeyType kty,
    int size,
    Optional<KeyCurve> curve,
    Attributes attributes,
    Set<KeyOperation> keyOps,
    Map<String, String> tags,
    PublicKey publicKey,
    boolean exportable,
    Optional<KeyReleasePolicy> releasePolicy) implements VaultObject {

  /** Copies the collections in. */
  public KeyBundle {
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(kty, "kty");
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(attributes, "attributes");
    keyOps = Set.copyOf(keyOps);
    tags = Map.copyOf(tags);
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(releasePolicy, "releasePolicy");
  }

  @Override
  public String toString() {
    return "KeyBundle[" + id() + ", " + kty.wireName() + (size > 0 ? " " + size : "")
        + curve.map(c -> " " + c.wireName()).orElse("") + ", enabled=" + attributes.enabled()
        + (exportable ? ", exportable" : "") + "]";
  }
}
