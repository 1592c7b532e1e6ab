package io.diskcrypt.core.keys;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A data key encrypted under a key-encryption key: what is stored with a disk's metadata instead of
 * the key itself. Not secret on its own; still, {@link #toString()} shows only its length.
 *
 * @param keyId the exact, versioned id of the key-encryption key that wrapped it
 * @param algorithm the wrapping algorithm, such as {@code RSA-OAEP} or {@code AES-KW}
 * @param ciphertext the wrapped bytes
 */
public record WrappedKey(String keyId, String algorithm, byte[] ciphertext) {
  /** Copies the ciphertext in. */
  public WrappedKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  /** A copy of the wrapped bytes. */
  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The wrapped bytes in base64url, as the Key Vault REST API carries them. */
  public String ciphertextBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w
        && keyId.equals(w.keyId)
        && algorithm.equals(w.algorithm)
        && Arrays.equals(ciphertext, w.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, algorithm, Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "WrappedKey[" + keyId + ", " + algorithm + ", " + ciphertext.length + " bytes]";
  }
}
