package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;

/**
 * An Event Grid notification the vault publishes, such as a new key version made by a rotation policy.
 *
 * @param time simulated time of the event
 * @param type the event type
 * @param objectId the versioned id of the key or secret concerned
 */
public record VaultEvent(Instant time, Type type, String objectId) {

  /** The Event Grid event types the simulation publishes. */
  public enum Type {
    /** {@code Microsoft.KeyVault.KeyNewVersionCreated}: create, import, or rotate (manual or by policy). */
    KEY_NEW_VERSION_CREATED,
    /** {@code Microsoft.KeyVault.KeyNearExpiry}: a rotation policy's Notify action fired. */
    KEY_NEAR_EXPIRY,
    /** {@code Microsoft.KeyVault.KeyExpired}: the current version passed its {@code exp}. */
    KEY_EXPIRED,
    /** {@code Microsoft.KeyVault.SecretNewVersionCreated}. */
    SECRET_NEW_VERSION_CREATED
  }

  /** Checks the parts are present. */
  public VaultEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(objectId, "objectId");
  }
}
