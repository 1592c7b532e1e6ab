package io.diskcrypt.core.crypto;

/**
 * Encrypts and decrypts whole sectors with one key, each sector under its own tweak.
 *
 * <p>A call covers {@code length / sectorSize} consecutive sectors starting at {@code sector}. Input
 * and output may be the same array at the same offset (in place); other overlapping ranges are not
 * supported. A length that is not a positive multiple of the sector size, or a range that does not
 * fit a buffer, is an {@link IllegalArgumentException} before anything is computed.
 *
 * <p><b>Security.</b> AES-XTS is length-preserving and unauthenticated: it hides content, not
 * changes; a flipped ciphertext bit garbles one 16-byte block of that sector. Instances are not
 * thread-safe: use one per thread or guard it. {@link #close()} destroys the key material the cipher
 * holds where the underlying provider allows.
 */
public interface SectorCipher extends AutoCloseable {

  /** The parameters this cipher was made with. */
  XtsParameters parameters();

  /** Encrypts whole sectors from {@code in} into {@code out}. */
  void encrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length);

  /** Decrypts whole sectors from {@code in} into {@code out}. */
  void decrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length);

  /** Encrypts in place. */
  default void encrypt(long sector, byte[] buffer, int offset, int length) {
    encrypt(sector, buffer, offset, buffer, offset, length);
  }

  /** Decrypts in place. */
  default void decrypt(long sector, byte[] buffer, int offset, int length) {
    decrypt(sector, buffer, offset, buffer, offset, length);
  }

  /** Wipes the key material this cipher owns. The cipher is unusable afterwards. */
  @Override
  void close();
}
