package io.diskcrypt.ade;

/**
 * The extension's {@code KeyEncryptionAlgorithm}: how the key-encryption key wraps the secret.
 * RSA-OAEP (SHA-1) is ADE's default.
 */
public enum KeyEncryptionAlgorithm {
  /** RSAES-OAEP with SHA-1: the default. */
  RSA_OAEP("RSA-OAEP"),
  /** RSAES-OAEP with SHA-256. */
  RSA_OAEP_256("RSA-OAEP-256"),
  /** RSAES-PKCS1-v1_5: accepted for old setups, not recommended. */
  RSA1_5("RSA1_5");

  private final String wireName;

  KeyEncryptionAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the extension and Key Vault spell it. */
  public String wireName() {
    return wireName;
  }

  /**
   * The algorithm spelled {@code value}.
   *
   * @throws IllegalArgumentException listing the allowed values
   */
  public static KeyEncryptionAlgorithm fromWireName(String value) {
    for (KeyEncryptionAlgorithm alg : values()) {
      if (alg.wireName.equals(value)) {
        return alg;
      }
    }
    throw new IllegalArgumentException(
        "KeyEncryptionAlgorithm '" + value + "': allowed are RSA-OAEP, RSA-OAEP-256 and RSA1_5");
  }
}
