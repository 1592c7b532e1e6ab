package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the vault's audit log, shaped after Key Vault's diagnostic log ({@code AuditEvent}):
 * when, who, which operation on which object, and the outcome. It never holds key or secret bytes.
 *
 * @param time simulated time of the call
 * @param vault the vault name
 * @param caller the identity that called
 * @param operation the operation name as the service logs it, such as {@code KeyWrap} or {@code SecretGet}
 * @param objectId the object id the call named (versioned when the call used a version), or the vault URI
 * @param httpStatus 200 on success, else the error's status
 * @param outcome {@code OK} or the error code, such as {@code Forbidden}; for the service's own {@link
 *     RotationPolicy#ROTATIONS_SKIPPED} entry, what a capped rotation catch-up skipped
 */
public record AuditEntry(Instant time, String vault, Identity caller, String operation, String objectId,
    int httpStatus, String outcome) {

  /** Checks the parts are present. */
  public AuditEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** True when the call succeeded. */
  public boolean succeeded() {
    return httpStatus == 200;
  }
}
