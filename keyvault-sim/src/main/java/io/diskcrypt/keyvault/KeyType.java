package io.diskcrypt.keyvault;

/** A key type ({@code kty}) with its wire name; the {@code -HSM} types need a premium vault. */
public enum KeyType {
  /** Software-protected RSA. */
  RSA("RSA", false, true),
  /** HSM-protected RSA (premium vaults). */
  RSA_HSM("RSA-HSM", true, true),
  /** Software-protected elliptic curve. */
  EC("EC", false, false),
  /** HSM-protected elliptic curve (premium vaults). */
  EC_HSM("EC-HSM", true, false);

  private final String wireName;
  private final boolean hsm;
  private final boolean rsa;

  KeyType(String wireName, boolean hsm, boolean rsa) {
    this.wireName = wireName;
    this.hsm = hsm;
    this.rsa = rsa;
  }

  /** The REST name, such as {@code RSA-HSM}. */
  public String wireName() {
    return wireName;
  }

  /** True for the HSM-protected types. */
  public boolean isHsm() {
    return hsm;
  }

  /** True for RSA and RSA-HSM. */
  public boolean isRsa() {
    return rsa;
  }
}
