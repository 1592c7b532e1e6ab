package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One secret version inside the vault; guarded by the vault's lock. */
final class SecretVersion extends ObjectVersion {
  private final String value;
  private final Optional<String> contentType;

  SecretVersion(VaultObjectId id, String value, Optional<String> contentType, Map<String, String> tags, Instant created) {
    super(id, true, Optional.empty(), Optional.empty(), tags, created);
    this.value = value;
    this.contentType = contentType;
  }

  @Override
  Optional<String> contentType() {
    return contentType;
  }

  SecretBundle bundle(String recoveryLevel) {
    return new SecretBundle(id, value, contentType, attributes(recoveryLevel), tags);
  }
}
