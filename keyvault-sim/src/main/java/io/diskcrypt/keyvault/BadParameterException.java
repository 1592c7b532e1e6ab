package io.diskcrypt.keyvault;

/**
 * HTTP 400 {@code BadParameter}: a name, size, algorithm, attribute or payload is not acceptable (a
 * key type the vault's SKU lacks, a plaintext longer than the key and algorithm allow, a ciphertext
 * that does not decrypt, too many tags). The message names the field, the value and the allowed range.
 */
public final class BadParameterException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  /** A refusal naming the parameter and what is allowed. */
  public BadParameterException(String message) {
    super("BadParameter", 400, message);
  }
}
