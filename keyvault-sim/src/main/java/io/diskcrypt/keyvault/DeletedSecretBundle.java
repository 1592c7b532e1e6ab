package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;

/**
 * A soft-deleted secret: recoverable until {@link #scheduledPurgeDate()}.
 *
 * @param recoveryId {@code https://{vault}.vault.azure.net/deletedsecrets/{name}}
 * @param secretId the id of the current version at deletion
 * @param deletedDate when it was deleted
 * @param scheduledPurgeDate deletion time plus the vault's retention
 */
public record DeletedSecretBundle(String recoveryId, String secretId, Instant deletedDate, Instant scheduledPurgeDate) {
  /** Checks the parts are present. */
  public DeletedSecretBundle {
    Objects.requireNonNull(recoveryId, "recoveryId");
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(deletedDate, "deletedDate");
    Objects.requireNonNull(scheduledPurgeDate, "scheduledPurgeDate");
  }
}
