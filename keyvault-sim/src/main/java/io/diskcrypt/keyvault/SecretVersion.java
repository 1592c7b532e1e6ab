package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One secret version inside the vault; guarded by the vault's lock. */
final class SecretVersion {
  final String id;
  private final String value;
  final Optional<String> contentType;
  final Instant created;
  boolean enabled = true;
  Optional<Instant> notBefore = Optional.empty();
  Optional<Instant> expires = Optional.empty();
  Instant updated;
  Map<String, String> tags;

  SecretVersion(String id, String value, Optional<String> contentType, Map<String, String> tags, Instant created) {
    this.id = id;
    this.value = value;
    this.contentType = contentType;
    this.tags = tags;
    this.created = created;
    this.updated = created;
  }

  SecretBundle bundle(String recoveryLevel) {
    return new SecretBundle(id, value, contentType,
        new Attributes(enabled, notBefore, expires, created, updated, recoveryLevel), tags);
  }

  @Override
  public String toString() {
    return "SecretVersion[" + id + "]";
  }
}
