package io.diskcrypt.keyvault.provider;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.KeyDisabledException;
import io.diskcrypt.keyvault.KeyNotActiveException;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.SecretDisabledException;
import io.diskcrypt.keyvault.ServiceUnavailableException;
import io.diskcrypt.keyvault.ThrottledException;

/**
 * The one translation of the vault's errors (its REST error codes) into the key SPI's {@link
 * KeyAccessException} and its {@link Reason}, keeping the vault error as the cause: used by the key
 * providers here and by every option that calls a vault itself.
 */
public final class VaultErrors {
  private VaultErrors() {}

  /** {@code e}, raised for {@code keyId}, as a {@link KeyAccessException} whose cause it is. */
  public static KeyAccessException map(String keyId, KeyVaultException e) {
    return new KeyAccessException(keyId, reason(e), e.getMessage(), e);
  }

  private static Reason reason(KeyVaultException e) {
    if (e instanceof ForbiddenException) {
      return Reason.ACCESS_REMOVED;
    }
    if (e instanceof KeyDisabledException || e instanceof SecretDisabledException) {
      return Reason.DISABLED;
    }
    if (e instanceof KeyNotActiveException) {
      return "KeyNotYetValid".equals(e.errorCode()) ? Reason.NOT_YET_VALID : Reason.EXPIRED;
    }
    if (e instanceof ThrottledException) {
      return Reason.THROTTLED;
    }
    if (e instanceof ServiceUnavailableException) {
      return Reason.UNREACHABLE;
    }
    if (e instanceof NotFoundException) {
      return "VaultNotFound".equals(e.errorCode()) ? Reason.UNREACHABLE : Reason.DELETED;
    }
    return Reason.REJECTED;
  }
}
