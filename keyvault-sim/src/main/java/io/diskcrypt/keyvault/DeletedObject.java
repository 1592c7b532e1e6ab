package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;

/**
 * A soft-deleted key or secret: recoverable until {@link #scheduledPurgeDate()}, when the service
 * purges it, unless purged earlier (which purge protection forbids).
 *
 * @param <B> {@link KeyBundle} or {@link SecretBundle}
 * @param recoveryId {@code https://{vault}.vault.azure.net/deletedkeys/{name}} (or {@code deletedsecrets})
 * @param object the current version at deletion
 * @param deletedDate when it was deleted
 * @param scheduledPurgeDate deletion time plus the vault's retention
 */
public record DeletedObject<B extends VaultObject>(String recoveryId, B object, Instant deletedDate,
    Instant scheduledPurgeDate) {
  /** Checks the parts are present. */
  public DeletedObject {
    Objects.requireNonNull(recoveryId, "recoveryId");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(deletedDate, "deletedDate");
    Objects.requireNonNull(scheduledPurgeDate, "scheduledPurgeDate");
  }
}
