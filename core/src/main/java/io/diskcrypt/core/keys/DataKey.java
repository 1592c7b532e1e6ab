package io.diskcrypt.core.keys;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import java.util.Objects;

/**
 * A fresh data-encryption key together with its wrapped form. The owner keeps {@link #wrapped()} and
 * destroys {@link #plaintext()} (or the whole pair, with {@link #close()}) as soon as it has keyed a
 * cipher.
 *
 * @param plaintext the key itself
 * @param wrapped the key under a key-encryption key
 */
public record DataKey(SecretKeyMaterial plaintext, WrappedKey wrapped) implements AutoCloseable {
  /** Checks both are present. */
  public DataKey {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(wrapped, "wrapped");
  }

  /** Destroys the plaintext key. */
  @Override
  public void close() {
    plaintext.destroy();
  }

  @Override
  public String toString() {
    return "DataKey[" + wrapped + "]";
  }
}
