package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A partial update of the attributes every key and secret version has: only the parts present change.
 * A key update adds {@code key_ops} on top: see {@link KeyAttributesUpdate}.
 *
 * @param enabled the new enabled flag
 * @param notBefore the new {@code nbf}
 * @param expires the new {@code exp}
 * @param tags the new tags (replacing the old ones)
 */
public record AttributesUpdate(Optional<Boolean> enabled, Optional<Instant> notBefore,
    Optional<Instant> expires, Optional<Map<String, String>> tags) {

  private static final AttributesUpdate NONE =
      new AttributesUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Copies the tags in. */
  public AttributesUpdate {
    tags = tags.map(Map::copyOf);
  }

  /** An update that changes nothing. */
  public static AttributesUpdate none() {
    return NONE;
  }

  /** An update that disables the version. */
  public static AttributesUpdate disable() {
    return NONE.withEnabled(false);
  }

  /** An update that enables the version. */
  public static AttributesUpdate enable() {
    return NONE.withEnabled(true);
  }

  /** An update that sets {@code exp}. */
  public static AttributesUpdate expires(Instant exp) {
    return NONE.withExpires(exp);
  }

  /** An update that replaces the tags. */
  public static AttributesUpdate tags(Map<String, String> tags) {
    return NONE.withTags(tags);
  }

  /** The same update, also setting {@code enabled}. */
  public AttributesUpdate withEnabled(boolean on) {
    return new AttributesUpdate(Optional.of(on), notBefore, expires, tags);
  }

  /** The same update, also setting {@code nbf}. */
  public AttributesUpdate withNotBefore(Instant nbf) {
    return new AttributesUpdate(enabled, Optional.of(nbf), expires, tags);
  }

  /** The same update, also setting {@code exp}. */
  public AttributesUpdate withExpires(Instant exp) {
    return new AttributesUpdate(enabled, notBefore, Optional.of(exp), tags);
  }

  /** The same update, also replacing the tags. */
  public AttributesUpdate withTags(Map<String, String> newTags) {
    return new AttributesUpdate(enabled, notBefore, expires, Optional.of(newTags));
  }
}
