package io.diskcrypt.keyvault;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret version as the service returns it.
 *
 * <p><b>Security.</b> {@link #toString()} never shows the value.
 *
 * @param objectId {@code https://{vault}.vault.azure.net/secrets/{name}/{32 hex version}}, parsed
 * @param value the secret value
 * @param contentType the content type, if set (ADE uses {@code BEK} and {@code Wrapped BEK})
 * @param attributes enabled, nbf, exp, created, updated, recovery level
 * @param tags up to 15 tags
 */
public record SecretBundle(VaultObjectId objectId, String value, Optional<String> contentType,
    Attributes attributes, Map<String, String> tags) implements VaultObject {

  /** Copies the tags in. */
  public SecretBundle {
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(attributes, "attributes");
    tags = Map.copyOf(tags);
  }

  @Override
  public String toString() {
    return "SecretBundle[" + id() + ", " + contentType.orElse("no content type") + ", enabled="
        + attributes.enabled() + ", value hidden]";
  }
}
