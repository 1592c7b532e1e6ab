package io.diskcrypt.keyvault;

/** An elliptic curve for EC keys, with its wire name and JDK name. */
public enum KeyCurve {
  /** NIST P-256. */
  P_256("P-256", "secp256r1"),
  /** NIST P-384. */
  P_384("P-384", "secp384r1");

  private final String wireName;
  private final String jdkName;

  KeyCurve(String wireName, String jdkName) {
    this.wireName = wireName;
    this.jdkName = jdkName;
  }

  /** The REST name, such as {@code P-256}. */
  public String wireName() {
    return wireName;
  }

  /** The name the JDK's EC key generator takes. */
  public String jdkName() {
    return jdkName;
  }
}
