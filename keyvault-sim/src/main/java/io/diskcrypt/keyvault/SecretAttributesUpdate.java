package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A partial update of one secret version: only the parts present change.
 *
 * @param enabled the new enabled flag
 * @param notBefore the new {@code nbf}
 * @param expires the new {@code exp}
 * @param tags the new tags (replacing the old ones)
 */
public record SecretAttributesUpdate(Optional<Boolean> enabled, Optional<Instant> notBefore,
    Optional<Instant> expires, Optional<Map<String, String>> tags) {

  /** Copies the tags in. */
  public SecretAttributesUpdate {
    tags = tags.map(Map::copyOf);
  }

  /** An update that disables the version. */
  public static SecretAttributesUpdate disable() {
    return new SecretAttributesUpdate(Optional.of(false), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** An update that enables the version. */
  public static SecretAttributesUpdate enable() {
    return new SecretAttributesUpdate(Optional.of(true), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** An update that sets {@code exp}. */
  public static SecretAttributesUpdate expires(Instant exp) {
    return new SecretAttributesUpdate(Optional.empty(), Optional.empty(), Optional.of(exp), Optional.empty());
  }

  /** An update that replaces the tags. */
  public static SecretAttributesUpdate tags(Map<String, String> tags) {
    return new SecretAttributesUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(tags));
  }
}
