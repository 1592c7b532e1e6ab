package io.diskcrypt.keyvault;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Who may do what in one vault: access policies or RBAC role assignments, whichever the vault uses.
 * The other set is kept (as Azure keeps it) but has no effect on the data plane. Guarded by the vault's
 * lock.
 */
final class AccessControl {
  private record Policy(Set<KeyPermission> keys, Set<SecretPermission> secrets) {}

  private final String vault;
  private final VaultKind kind;
  private final boolean rbac;
  private final Map<String, Policy> policies = new HashMap<>();
  private final Map<String, Set<VaultRole>> roles = new HashMap<>();

  AccessControl(VaultKind kind, String vault, boolean rbac) {
    this.kind = kind;
    this.vault = vault;
    this.rbac = rbac;
  }

  void setPolicy(Identity who, Set<KeyPermission> keys, Set<SecretPermission> secrets) {
    policies.put(who.principalId(), new Policy(
        keys.isEmpty() ? EnumSet.noneOf(KeyPermission.class) : EnumSet.copyOf(keys),
        secrets.isEmpty() ? EnumSet.noneOf(SecretPermission.class) : EnumSet.copyOf(secrets)));
  }

  void removePolicy(Identity who) {
    policies.remove(who.principalId());
  }

  void assign(Identity who, VaultRole role) {
    roles.computeIfAbsent(who.principalId(), p -> EnumSet.noneOf(VaultRole.class)).add(role);
  }

  void unassign(Identity who, VaultRole role) {
    Set<VaultRole> held = roles.get(who.principalId());
    if (held != null) {
      held.remove(role);
    }
  }

  void checkKey(Identity caller, KeyPermission needed, String objectId) throws ForbiddenException {
    check(caller, "key permission '" + needed.wireName() + "'", objectId,
        p -> p.keys.contains(needed), r -> r.keyPermissions().contains(needed));
  }

  void checkSecret(Identity caller, SecretPermission needed, String objectId) throws ForbiddenException {
    check(caller, "secret permission '" + needed.wireName() + "'", objectId,
        p -> p.secrets.contains(needed), r -> r.secretPermissions().contains(needed));
  }

  /** Refuses unless the vault's model (RBAC roles or access policy) grants what {@code what} names. */
  private void check(Identity caller, String what, String objectId, Predicate<Policy> byPolicy,
      Predicate<VaultRole> byRole) throws ForbiddenException {
    boolean ok = rbac
        ? roles.getOrDefault(caller.principalId(), Set.of()).stream().anyMatch(byRole)
        : policies.containsKey(caller.principalId()) && byPolicy.test(policies.get(caller.principalId()));
    if (!ok) {
      throw new ForbiddenException(refusal(caller, what, objectId));
    }
  }

  private String refusal(Identity caller, String what, String objectId) {
    String how;
    if (rbac) {
      Set<String> held = new TreeSet<>();
      roles.getOrDefault(caller.principalId(), Set.of()).forEach(r -> held.add(r.roleName()));
      how = kind == VaultKind.MANAGED_HSM
          ? "Managed HSM '" + vault + "' uses its local RBAC roles; roles held: " + held
          : "vault '" + vault + "' uses Azure RBAC (access policies are ignored); roles held: " + held;
    } else {
      how = "vault '" + vault + "' uses access policies (role assignments are ignored)"
          + (policies.containsKey(caller.principalId()) ? "" : "; the caller has no access policy");
    }
    return "caller " + caller + " lacks " + what + " for " + objectId + ": " + how;
  }
}
