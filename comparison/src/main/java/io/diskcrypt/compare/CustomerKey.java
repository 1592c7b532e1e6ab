package io.diskcrypt.compare;

/**
 * The customer's key behind an option, as the customer can act on it: revoke it (disable it in the
 * vault) and restore it.
 */
public interface CustomerKey {
  /** The key's id, such as a versioned Key Vault key URL. */
  String id();

  /**
   * How the option is configured to use the customer's key, in the table's words: {@code DES} (a
   * disk encryption set) or {@code KEK} (a key-encryption key in the guest's settings).
   */
  default String configuredWith() {
    return "DES";
  }

  /** How the customer revokes it, in words, such as {@code "disable the key in the vault"}. */
  String revocation();

  /**
   * Revokes the key.
   *
   * @throws Exception when the vault refuses
   */
  void revoke() throws Exception;

  /**
   * Makes the key usable again.
   *
   * @throws Exception when the vault refuses
   */
  void restore() throws Exception;
}
