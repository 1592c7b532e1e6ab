package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a key or secret version that both have: its id and its attributes, changed in one place
 * by {@link #apply}. Mutable; guarded by the vault's lock; never leaves the package.
 */
abstract class ObjectVersion {
  final VaultObjectId id;
  final Instant created;
  boolean enabled;
  Optional<Instant> notBefore;
  Optional<Instant> expires;
  Instant updated;
  Map<String, String> tags;

  ObjectVersion(VaultObjectId id, boolean enabled, Optional<Instant> notBefore, Optional<Instant> expires,
      Map<String, String> tags, Instant created) {
    this.id = id;
    this.enabled = enabled;
    this.notBefore = notBefore;
    this.expires = expires;
    this.tags = tags;
    this.created = created;
    this.updated = created;
  }

  /** The attributes as the service reports them. */
  final Attributes attributes(String recoveryLevel) {
    return new Attributes(enabled, notBefore, expires, created, updated, recoveryLevel);
  }

  /** The id as a URL, for messages and the audit log. */
  final String url() {
    return id.url();
  }

  /**
   * Checks {@code u} against what it leaves unchanged (at most 15 tags, nbf before exp), then applies
   * it; nothing changes when it is refused.
   */
  final void apply(AttributesUpdate u, Instant now) throws BadParameterException {
    Map<String, String> newTags = u.tags().orElse(tags);
    Validation.checkTags(newTags, url());
    Optional<Instant> nbf = u.notBefore().or(() -> notBefore);
    Optional<Instant> exp = u.expires().or(() -> expires);
    Validation.checkWindow(nbf, exp, url());
    if (!exp.equals(expires)) {
      expiryChanged();
    }
    enabled = u.enabled().orElse(enabled);
    notBefore = nbf;
    expires = exp;
    tags = newTags;
    updated = now;
  }

  /** A secret's content type; a key has none. */
  Optional<String> contentType() {
    return Optional.empty();
  }

  /** Called when {@code exp} changes, before it does. */
  void expiryChanged() {}

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + url() + "]";
  }
}
