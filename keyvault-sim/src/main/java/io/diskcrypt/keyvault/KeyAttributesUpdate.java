package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update of one key version: only the parts present change. Build it with {@link
 * #builder()}, or use {@link #disable()} and {@link #enable()}.
 *
 * @param enabled the new enabled flag
 * @param notBefore the new {@code nbf}
 * @param expires the new {@code exp}
 * @param keyOps the new {@code key_ops}
 * @param tags the new tags (replacing the old ones)
 */
public record KeyAttributesUpdate(
    Optional<Boolean> enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Optional<Set<KeyOperation>> keyOps,
    Optional<Map<String, String>> tags) {

  /** Copies the collections in. */
  public KeyAttributesUpdate {
    keyOps = keyOps.map(Set::copyOf);
    tags = tags.map(Map::copyOf);
  }

  /** An update that disables the version. */
  public static KeyAttributesUpdate disable() {
    return builder().enabled(false).build();
  }

  /** An update that enables the version. */
  public static KeyAttributesUpdate enable() {
    return builder().enabled(true).build();
  }

  /** An empty update to fill in. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link KeyAttributesUpdate}. */
  public static final class Builder {
    private Boolean enabled;
    private Instant notBefore;
    private Instant expires;
    private Set<KeyOperation> keyOps;
    private Map<String, String> tags;

    private Builder() {}

    /** Sets {@code enabled}. */
    public Builder enabled(boolean on) {
      this.enabled = on;
      return this;
    }

    /** Sets {@code nbf}. */
    public Builder notBefore(Instant nbf) {
      this.notBefore = nbf;
      return this;
    }

    /** Sets {@code exp}. */
    public Builder expires(Instant exp) {
      this.expires = exp;
      return this;
    }

    /** Replaces {@code key_ops}. */
    public Builder keyOps(KeyOperation... ops) {
      this.keyOps = ops.length == 0 ? Set.of() : EnumSet.copyOf(java.util.Arrays.asList(ops));
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Map<String, String> newTags) {
      this.tags = newTags;
      return this;
    }

    /** The update. */
    public KeyAttributesUpdate build() {
      return new KeyAttributesUpdate(Optional.ofNullable(enabled), Optional.ofNullable(notBefore),
          Optional.ofNullable(expires), Optional.ofNullable(keyOps), Optional.ofNullable(tags));
    }
  }
}
