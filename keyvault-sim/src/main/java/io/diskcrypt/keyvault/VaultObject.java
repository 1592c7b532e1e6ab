package io.diskcrypt.keyvault;

import java.util.Map;

/**
 * What a key version and a secret version have in common, as the service returns them: a versioned
 * id, the version's {@link Attributes} and its tags ({@link VaultItem} is just that, in listings). The lifecycle that goes with it (versions,
 * attribute updates, soft delete, recover, purge) is the same for both, and is written once.
 */
public sealed interface VaultObject permits KeyBundle, SecretBundle, VaultItem {

  /** The versioned id, parsed: {@code https://{vault}.vault.azure.net/{keys|secrets}/{name}/{version}}. */
  VaultObjectId objectId();

  /** The attributes of this version. */
  Attributes attributes();

  /** The tags of this version. */
  Map<String, String> tags();

  /** The versioned id as a URL, as the REST API returns it ({@code kid} of a key, {@code id} of a secret). */
  default String id() {
    return objectId().url();
  }

  /** The object's name. */
  default String name() {
    return objectId().name();
  }

  /** The 32-hex version. */
  default String version() {
    return objectId().version().orElseThrow();
  }

  /** The id without its version: it names whichever version is current. */
  default String versionlessId() {
    return objectId().versionless().url();
  }
}
