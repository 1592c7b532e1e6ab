package io.diskcrypt.keyvault;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a listing, as the service lists keys, secrets and their versions: the id, attributes,
 * tags and a secret's content type, without the key material or the secret value (read those with get). Listing so is faithful
 * (the REST API's {@code KeyItem} and {@code SecretItem}) and cheap: a long rotation catch-up leaves
 * versions whose key pairs are made only when a get or an operation first needs them.
 *
 * @param objectId the versioned id (for a listing of current versions, the current one)
 * @param attributes the version's attributes
 * @param tags the version's tags
 * @param contentType a secret's content type, if set (always empty for a key)
 */
public record VaultItem(VaultObjectId objectId, Attributes attributes, Map<String, String> tags,
    Optional<String> contentType) implements VaultObject {
  /** Copies the tags in. */
  public VaultItem {
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(attributes, "attributes");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(contentType, "contentType");
  }
}
