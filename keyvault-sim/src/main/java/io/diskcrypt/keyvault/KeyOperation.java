package io.diskcrypt.keyvault;

/**
 * A {@code key_ops} entry: what a key version may be used for. A key created without {@code key_ops}
 * allows every operation of its type (RSA: all six; EC: sign and verify).
 */
public enum KeyOperation {
  /** Encrypt with the public key. */
  ENCRYPT("encrypt"),
  /** Decrypt with the private key. */
  DECRYPT("decrypt"),
  /** Sign a digest with the private key. */
  SIGN("sign"),
  /** Verify a signature with the public key. */
  VERIFY("verify"),
  /** Wrap a symmetric key with the public key. */
  WRAP_KEY("wrapKey"),
  /** Unwrap a symmetric key with the private key. */
  UNWRAP_KEY("unwrapKey");

  private final String wireName;

  KeyOperation(String wireName) {
    this.wireName = wireName;
  }

  /** The REST name, such as {@code wrapKey}. */
  public String wireName() {
    return wireName;
  }
}
