package io.diskcrypt.keyvault;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A caller of the vault: a user, or a managed identity (of a VM, or of a disk encryption set). The
 * {@link #principalId()} is derived from the kind and name, so the same name always gives the same
 * principal, as an object id in Entra ID would.
 *
 * @param kind user, managed identity, or the service itself (for the audit log of automatic rotation)
 * @param displayName the name given at creation
 * @param principalId a stable UUID string
 */
public record Identity(Kind kind, String displayName, String principalId) {

  /** What sort of principal an identity is. */
  public enum Kind {
    /** A person signed in to the tenant. */
    USER,
    /** A managed identity: of a VM, a disk encryption set, or another resource. */
    MANAGED,
    /** The Key Vault service acting on its own (rotation policies, retention purges). */
    SERVICE
  }

  /** The service itself, as recorded in the audit log for automatic rotation (retention purges are not audited). */
  public static final Identity KEY_VAULT_SERVICE = of(Kind.SERVICE, "Azure Key Vault");

  /**
   * The Confidential VM Orchestrator, the first-party application that releases a confidential VM's
   * OS disk key from a vault: it needs {@code get} and {@code release} ({@link
   * KeyPermission#confidentialVmOrchestrator()}), or the Crypto Service Release User role.
   */
  public static final Identity CONFIDENTIAL_VM_ORCHESTRATOR = of(Kind.SERVICE, "Confidential VM Orchestrator");

  /** Checks every part is present and non-blank. */
  public Identity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(principalId, "principalId");
    if (displayName.isBlank() || principalId.isBlank()) {
      throw new IllegalArgumentException("identity displayName and principalId must not be blank");
    }
  }

  /** A user named {@code name}. */
  public static Identity user(String name) {
    return of(Kind.USER, name);
  }

  /** The managed identity named {@code name}, such as a VM's or a disk encryption set's. */
  public static Identity managed(String name) {
    return of(Kind.MANAGED, name);
  }

  private static Identity of(Kind kind, String name) {
    Objects.requireNonNull(name, "name");
    String seed = kind + ":" + name;
    return new Identity(kind, name, UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString());
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + displayName + "' (" + principalId + ")";
  }
}
