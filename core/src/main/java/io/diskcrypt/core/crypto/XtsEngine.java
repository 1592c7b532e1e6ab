package io.diskcrypt.core.crypto;

/**
 * A source of AES-XTS {@link SectorCipher}s: the pure-Java default, or another implementation
 * plugged in for comparison (see {@link XtsEngines}).
 */
public interface XtsEngine {

  /** A short name, such as {@code "java"}. */
  String name();

  /**
   * A cipher for {@code key} shaped by {@code parameters}. The cipher copies what it needs from the
   * key; the caller keeps ownership of {@code key}.
   *
   * @throws IllegalArgumentException when the key length does not match the parameters, or when the
   *     two key halves are equal (IEEE 1619 forbids key1 == key2); the message names no key bytes
   */
  SectorCipher newCipher(XtsParameters parameters, SecretKeyMaterial key);

  /**
   * True when this engine can make a cipher for {@code parameters} (some engines take one key size
   * only); {@link #newCipher} refuses the others with an {@link IllegalArgumentException}.
   */
  default boolean supports(XtsParameters parameters) {
    return true;
  }
}
