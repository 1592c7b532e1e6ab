package io.diskcrypt.keyvault;

/**
 * HTTP 503 {@code ServiceUnavailable}: the vault cannot be reached now (an outage). Only a {@link
 * FaultHook} raises it, and it says nothing about the key or the caller.
 */
public final class ServiceUnavailableException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** An unreachable vault; the message names the vault and the operation. */
  public ServiceUnavailableException(String message) {
    super("ServiceUnavailable", 503, message);
  }
}
