package io.diskcrypt.keyvault;

import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * How a released key is wrapped to the target's RSA key ({@code enc} of the release request): PKCS#11
 * {@code CKM_RSA_AES_KEY_WRAP}, that is a fresh AES-256 key wrapped with RSA-OAEP, followed by the key
 * material (PKCS#8) wrapped with that AES key by AES key wrap with padding (RFC 5649). The variants
 * differ in the OAEP hash.
 */
public enum KeyReleaseAlgorithm {
  /** RSA-OAEP with SHA-1, then AES-KWP. */
  CKM_RSA_AES_KEY_WRAP("CKM_RSA_AES_KEY_WRAP", MGF1ParameterSpec.SHA1),
  /** RSA-OAEP with SHA-256, then AES-KWP. */
  RSA_AES_KEY_WRAP_256("RSA_AES_KEY_WRAP_256", MGF1ParameterSpec.SHA256),
  /** RSA-OAEP with SHA-384, then AES-KWP. */
  RSA_AES_KEY_WRAP_384("RSA_AES_KEY_WRAP_384", MGF1ParameterSpec.SHA384);

  private final String wireName;
  private final MGF1ParameterSpec hash;

  KeyReleaseAlgorithm(String wireName, MGF1ParameterSpec hash) {
    this.wireName = wireName;
    this.hash = hash;
  }

  /** The REST name, such as {@code RSA_AES_KEY_WRAP_256}. */
  public String wireName() {
    return wireName;
  }

  /** The OAEP parameters that wrap the AES key. */
  OAEPParameterSpec oaep() {
    return new OAEPParameterSpec(hash.getDigestAlgorithm(), "MGF1", hash, PSource.PSpecified.DEFAULT);
  }
}
