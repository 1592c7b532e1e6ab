package io.diskcrypt.ade.luks;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * The fixed-size, NUL-padded text fields of the binary LUKS1 and LUKS2 headers (cipher, hash, UUID,
 * label), as C's {@code char[n]}. The charset is the caller's: LUKS1 fields are ASCII, LUKS2's label
 * and subsystem may be UTF-8.
 */
final class CString {
  private CString() {}

  /** The text of the {@code length}-byte field at {@code offset}: up to its first NUL, else all of it. */
  static String read(ByteBuffer buffer, int offset, int length, Charset charset) {
    byte[] raw = new byte[length];
    buffer.get(offset, raw);
    int end = 0;
    while (end < length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, charset);
  }

  /**
   * Writes {@code value} at the start of the {@code length}-byte field at {@code offset} of a zeroed
   * buffer.
   *
   * @throws IllegalArgumentException when it leaves no room for the terminating NUL: a header field cut
   *     short would be a different value
   */
  static void write(ByteBuffer buffer, int offset, int length, String value, Charset charset) {
    byte[] raw = value.getBytes(charset);
    if (raw.length >= length) {
      throw new IllegalArgumentException("'" + value + "' does not fit a " + length + "-byte header field");
    }
    buffer.put(offset, raw);
  }
}
