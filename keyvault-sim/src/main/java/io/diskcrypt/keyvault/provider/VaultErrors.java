package io.diskcrypt.keyvault.provider;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyDisabledException;
import io.diskcrypt.core.keys.KeyForbiddenException;
import io.diskcrypt.core.keys.KeyUnavailableException;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.KeyNotActiveException;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.SecretDisabledException;
import io.diskcrypt.keyvault.ThrottledException;

/** Maps the vault's errors onto the key SPI's, keeping the vault error as the cause. */
final class VaultErrors {
  private VaultErrors() {}

  static KeyAccessException map(String keyId, KeyVaultException e) {
    String reason = e.getMessage();
    if (e instanceof ForbiddenException) {
      return new KeyForbiddenException(keyId, reason, e);
    }
    if (e instanceof io.diskcrypt.keyvault.KeyDisabledException || e instanceof KeyNotActiveException
        || e instanceof SecretDisabledException) {
      return new KeyDisabledException(keyId, reason, e);
    }
    if (e instanceof NotFoundException || e instanceof ThrottledException) {
      return new KeyUnavailableException(keyId, reason, e);
    }
    return new KeyAccessException(keyId, reason, e);
  }
}
