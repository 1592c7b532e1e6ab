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
 * @param id {@code https://{vault}.vault.azure.net/keys/{name}/{32 hex version}}
 * @param kty the key type
 * @param size the RSA modulus in bits (0 for EC)
 * @param curve the curve of an EC key
 * @param attributes enabled, nbf, exp, created, updated, recovery level
 * @param keyOps the allowed operations
 * @param tags the tags
 * @param publicKey the public key
 */
public record KeyBundle(
    String id,
    KeyType kty,
    int size,
    Optional<KeyCurve> curve,
    Attributes attributes,
    Set<KeyOperation> keyOps,
    Map<String, String> tags,
    PublicKey publicKey) {

  /** Copies the collections in. */
  public KeyBundle {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kty, "kty");
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(attributes, "attributes");
    keyOps = Set.copyOf(keyOps);
    tags = Map.copyOf(tags);
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** The parsed id. */
  public VaultObjectId objectId() {
    return VaultObjectId.parse(id);
  }

  /** The key's name. */
  public String name() {
    return objectId().name();
  }

  /** The 32-hex version. */
  public String version() {
    return objectId().version().orElseThrow();
  }

  /** The id without its version: it names whichever version is current. */
  public String versionlessId() {
    return objectId().versionless().url();
  }

  @Override
  public String toString() {
    return "KeyBundle[" + id + ", " + kty.wireName() + (size > 0 ? " " + size : "")
        + curve.map(c -> " " + c.wireName()).orElse("") + ", enabled=" + attributes.enabled() + "]";
  }
}
