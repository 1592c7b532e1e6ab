package io.diskcrypt.keyvault.server;

import io.diskcrypt.keyvault.ConflictException;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyDisabledException;
import io.diskcrypt.keyvault.KeyNotActiveException;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.SecretDisabledException;
import io.diskcrypt.keyvault.ThrottledException;
import java.util.Optional;

/**
 * Turns the vault's refusals into the service's error answers. Where the service's wording is known
 * (from its answers quoted in the SDKs' issue trackers) it is used, filled in with this request's
 * names; elsewhere the vault's own message, which names the object and the rule, is sent with the
 * service's status and code. Object ids in messages name this server.
 */
final class Errors {
  private static final String NOT_FOUND_HELP =
      " If you recently deleted this %s you may be able to recover it using the correct recovery command."
          + " For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

  private final KeyVault vault;
  private final Wire wire;

  Errors(KeyVault vault, Wire wire) {
    this.vault = vault;
    this.wire = wire;
  }

  /** The answer to {@code e}, raised by {@code action} on object {@code name} (and {@code version}). */
  RestError map(KeyVaultException e, Action action, Identity caller, String name, Optional<String> version) {
    String kind = action.onKeys() ? "key" : "secret";
    String message = ids(bareMessage(e));
    if (e instanceof ThrottledException t) {
      return RestError.throttled(Math.max(1, t.retryAfter().toSeconds()));
    }
    if (e instanceof ForbiddenException && isAccessRefusal(e)) {
      return accessRefusal(action, caller, name);
    }
    if (e instanceof KeyDisabledException) {
      return RestError.withInner(403, "Forbidden", "KeyDisabled",
          "Operation " + action.permission + " is not allowed on a disabled key.");
    }
    if (e instanceof SecretDisabledException) {
      return RestError.withInner(403, "Forbidden", "SecretDisabled",
          "Operation " + action.permission + " is not allowed on a disabled secret.");
    }
    if (e instanceof KeyNotActiveException) {
      return RestError.withInner(403, "Forbidden", e.errorCode(), message);
    }
    if (e instanceof NotFoundException && isLiveLookup(action)
        && (e.errorCode().equals("KeyNotFound") || e.errorCode().equals("SecretNotFound"))) {
      return RestError.of(404, e.errorCode(), "A " + kind + " with (name/id) " + name + version.map(v -> "/" + v).orElse("")
          + " was not found in this key vault." + String.format(NOT_FOUND_HELP, kind));
    }
    if (e instanceof ConflictException && isCreation(action)) {
      String kindName = action.onKeys() ? "Key" : "Secret";
      return RestError.of(409, "Conflict", kindName + " " + name + " is currently in a deleted but recoverable state,"
          + " and its name cannot be reused; in this state, the " + kind + " can only be recovered or purged.");
    }
    return RestError.of(e.httpStatus(), e.errorCode(), message);
  }

  /** The vault's access checks name the missing permission this way (see keyvault-sim's AccessControl). */
  static boolean isAccessRefusal(KeyVaultException e) {
    String m = e.getMessage();
    return m.contains(" lacks key permission '") || m.contains(" lacks secret permission '");
  }

  private RestError accessRefusal(Action action, Identity caller, String name) {
    String caller1 = "name=" + caller.displayName() + ";oid=" + caller.principalId();
    String vaultAt = vault.name() + ";location=" + vault.region();
    if (vault.rbacAuthorization()) {
      String resource = "/subscriptions/" + vault.subscription() + "/providers/microsoft.keyvault/vaults/"
          + vault.name() + (name == null ? "" : "/" + action.collection + "/" + name);
      return RestError.withInner(403, "Forbidden", "ForbiddenByRbac",
          "Caller is not authorized to perform action on resource.\r\n"
              + "If role assignments, deny assignments or role definitions were changed recently, please observe"
              + " propagation time.\r\n"
              + "Caller: " + caller1 + "\r\n"
              + "Action: '" + action.dataAction + "'\r\n"
              + "Resource: '" + resource.toLowerCase(java.util.Locale.ROOT) + "'\r\n"
              + "Assignment: (not found)\r\n"
              + "DecisionReason: 'DeniedWithNoValidRBAC' \r\n"
              + "Vault: " + vaultAt + "\r\n");
    }
    return RestError.withInner(403, "Forbidden", "AccessDenied",
        "The user, group or application '" + caller1 + "' does not have " + action.collection + " "
            + action.permission + " permission on key vault '" + vaultAt + "'. For help resolving this issue,"
            + " please see https://go.microsoft.com/fwlink/?linkid=2125287");
  }

  private static boolean isLiveLookup(Action a) {
    return switch (a) {
      case KEY_GET_DELETED, KEY_LIST_DELETED, KEY_RECOVER, KEY_PURGE,
          SECRET_GET_DELETED, SECRET_LIST_DELETED, SECRET_RECOVER, SECRET_PURGE -> false;
      default -> true;
    };
  }

  private static boolean isCreation(Action a) {
    return a == Action.KEY_CREATE || a == Action.KEY_IMPORT || a == Action.SECRET_SET;
  }

  /** The message without the "Code: " prefix the exception adds. */
  private static String bareMessage(KeyVaultException e) {
    String m = e.getMessage();
    String prefix = e.errorCode() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private String ids(String message) {
    return message.replace(vault.uri(), wire.serverBase());
  }
}
