package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update of one key version: the {@link AttributesUpdate} every version takes, plus {@code
 * key_ops} and the release policy. Build it with {@link #builder()}, or use {@link #disable()} and
 * {@link #enable()}.
 *
 * @param attributes the enabled flag, nbf, exp and tags to change
 * @param keyOps the new {@code key_ops}
 * @param releasePolicy the new release policy (refused while the current one is immutable)
 */
public record KeyAttributesUpdate(AttributesUpdate attributes, Optional<Set<KeyOperation>> keyOps,
    Optional<KeyReleasePolicy> releasePolicy) {

  /** Copies the set in. */
  public KeyAttributesUpdate {
    Objects.requireNonNull(attributes, "attributes");
    keyOps = keyOps.map(Set::copyOf);
    Objects.requireNonNull(releasePolicy, "releasePolicy");
  }

  /** An update of the common attributes only. */
  public static KeyAttributesUpdate of(AttributesUpdate attributes) {
    return new KeyAttributesUpdate(attributes, Optional.empty(), Optional.empty());
  }

  /** An update that disables the version. */
  public static KeyAttributesUpdate disable() {
    return of(AttributesUpdate.disable());
  }

  /** An update that enables the version. */
  public static KeyAttributesUpdate enable() {
    return of(AttributesUpdate.enable());
  }

  /** An empty update to fill in. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link KeyAttributesUpdate}. */
  public static final class Builder {
    private AttributesUpdate attributes = AttributesUpdate.none();
    private Set<KeyOperation> keyOps;
    private KeyReleasePolicy releasePolicy;

    private Builder() {}

    /** Sets {@code enabled}. */
    public Builder enabled(boolean on) {
      attributes = attributes.withEnabled(on);
      return this;
    }

    /** Sets {@code nbf}. */
    public Builder notBefore(Instant nbf) {
      attributes = attributes.withNotBefore(nbf);
      return this;
    }

    /** Sets {@code exp}. */
    public Builder expires(Instant exp) {
      attributes = attributes.withExpires(exp);
      return this;
    }

    /** Replaces {@code key_ops}. */
    public Builder keyOps(KeyOperation... ops) {
      this.keyOps = ops.length == 0 ? Set.of() : EnumSet.copyOf(java.util.Arrays.asList(ops));
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Map<String, String> newTags) {
      attributes = attributes.withTags(newTags);
      return this;
    }

    /** Replaces the release policy. */
    public Builder releasePolicy(KeyReleasePolicy policy) {
      this.releasePolicy = policy;
      return this;
    }

    /** The update. */
    public KeyAttributesUpdate build() {
      return new KeyAttributesUpdate(attributes, Optional.ofNullable(keyOps), Optional.ofNullable(releasePolicy));
    }
  }
}
