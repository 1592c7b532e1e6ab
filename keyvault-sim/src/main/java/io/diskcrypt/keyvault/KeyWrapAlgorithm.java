package io.diskcrypt.keyvault;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Optional;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The RSA algorithms of wrapKey, unwrapKey, encrypt and decrypt, with their wire names and the exact
 * hash/MGF pairs of the real service.
 *
 * <p><b>Security.</b> {@link #RSA1_5} (PKCS #1 v1.5) is kept because the service and old ADE setups
 * offer it; it is open to padding-oracle attacks and should not be chosen for new keys.
 */
public enum KeyWrapAlgorithm {
  /** RSAES-PKCS1-v1_5. */
  RSA1_5("RSA1_5", "RSA/ECB/PKCS1Padding", null, 11),
  /** RSAES-OAEP with SHA-1 and MGF1-SHA-1 (the ADE default for a KEK). */
  RSA_OAEP("RSA-OAEP", "RSA/ECB/OAEPPadding",
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT), 2 * 20 + 2),
  /** RSAES-OAEP with SHA-256 and MGF1-SHA-256. */
  RSA_OAEP_256("RSA-OAEP-256", "RSA/ECB/OAEPPadding",
      new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT), 2 * 32 + 2);

  private final String wireName;
  private final String transformation;
  private final OAEPParameterSpec oaep;
  private final int overheadBytes;

  KeyWrapAlgorithm(String wireName, String transformation, OAEPParameterSpec oaep, int overheadBytes) {
    this.wireName = wireName;
    this.transformation = transformation;
    this.oaep = oaep;
    this.overheadBytes = overheadBytes;
  }

  /** The REST name: {@code RSA1_5}, {@code RSA-OAEP} or {@code RSA-OAEP-256}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA transformation for {@code Cipher.getInstance}. */
  public String transformation() {
    return transformation;
  }

  /** The OAEP parameters (hash and MGF1 hash), absent for RSA1_5. */
  public Optional<AlgorithmParameterSpec> parameters() {
    return Optional.ofNullable(oaep);
  }

  /**
   * The longest plaintext this algorithm takes under an RSA key of {@code modulusBits}: k - 11 for
   * RSA1_5, k - 2 hLen - 2 for OAEP (RSA-2048: 245, 214 and 190 bytes).
   */
  public int maxPlaintextBytes(int modulusBits) {
    return modulusBits / 8 - overheadBytes;
  }

  /**
   * The algorithm with wire name {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the allowed names
   */
  public static KeyWrapAlgorithm fromWireName(String name) {
    for (KeyWrapAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown key wrap algorithm '" + name + "'; allowed: RSA1_5, RSA-OAEP, RSA-OAEP-256");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
