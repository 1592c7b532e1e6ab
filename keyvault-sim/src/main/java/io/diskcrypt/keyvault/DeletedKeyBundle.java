package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;

/**
 * A soft-deleted key: recoverable until {@link #scheduledPurgeDate()}, when the service purges it.
 *
 * @param recoveryId {@code https://{vault}.vault.azure.net/deletedkeys/{name}}
 * @param key the current version at deletion
 * @param deletedDate when it was deleted
 * @param scheduledPurgeDate deletion time plus the vault's retention
 */
public record DeletedKeyBundle(String recoveryId, KeyBundle key, Instant deletedDate, Instant scheduledPurgeDate) {
  /** Checks the parts are present. */
  public DeletedKeyBundle {
    Objects.requireNonNull(recoveryId, "recoveryId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(deletedDate, "deletedDate");
    Objects.requireNonNull(scheduledPurgeDate, "scheduledPurgeDate");
  }
}
