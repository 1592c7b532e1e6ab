package io.diskcrypt.ade.luks;

import io.diskcrypt.core.crypto.Randomness;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;

/**
 * The LUKS anti-forensic splitter: a key of n bytes becomes {@code stripes} blocks of n bytes, all of
 * which are needed to get it back, so that wiping any small part of a keyslot destroys the key.
 *
 * <p>Split: {@code stripes - 1} random blocks are XORed in turn into a running buffer that is diffused
 * after each one; the last block is the key XOR that buffer. Diffusion hashes each digest-sized chunk
 * of the buffer prefixed with its 4-byte big-endian index (the last chunk is cut to fit).
 */
final class AfSplitter {

  private AfSplitter() {}

  /** The split form of {@code key}: {@code key.length * stripes} bytes. */
  static byte[] split(byte[] key, int stripes, String hash) {
    int n = key.length;
    byte[] out = new byte[n * stripes];
    byte[] buffer = new byte[n];
    byte[] random = new byte[n];
    Digest digest = Hashes.digest(hash);
    try {
      for (int i = 0; i < stripes - 1; i++) {
        Randomness.source().nextBytes(random);
        System.arraycopy(random, 0, out, i * n, n);
        xorInto(buffer, random, 0);
        diffuse(buffer, digest);
      }
      for (int j = 0; j < n; j++) {
        out[(stripes - 1) * n + j] = (byte) (buffer[j] ^ key[j]);
      }
      return out;
    } finally {
      Arrays.fill(buffer, (byte) 0);
      Arrays.fill(random, (byte) 0);
    }
  }

  /** The key of {@code keyLength} bytes recovered from its split form. */
  static byte[] merge(byte[] split, int keyLength, int stripes, String hash) {
    byte[] buffer = new byte[keyLength];
    Digest digest = Hashes.digest(hash);
    for (int i = 0; i < stripes - 1; i++) {
      xorInto(buffer, split, i * keyLength);
      diffuse(buffer, digest);
    }
    byte[] key = new byte[keyLength];
    for (int j = 0; j < keyLength; j++) {
      key[j] = (byte) (buffer[j] ^ split[(stripes - 1) * keyLength + j]);
    }
    Arrays.fill(buffer, (byte) 0);
    return key;
  }

  private static void xorInto(byte[] buffer, byte[] source, int offset) {
    for (int j = 0; j < buffer.length; j++) {
      buffer[j] ^= source[offset + j];
    }
  }

  /** Diffuses {@code buffer} in place; {@code digest} comes back reset (doFinal resets it), ready for the next stripe. */
  private static void diffuse(byte[] buffer, Digest digest) {
    int size = digest.getDigestSize();
    byte[] out = new byte[size];
    for (int i = 0, pos = 0; pos < buffer.length; i++, pos += size) {
      int len = Math.min(size, buffer.length - pos);
      digest.update((byte) (i >>> 24));
      digest.update((byte) (i >>> 16));
      digest.update((byte) (i >>> 8));
      digest.update((byte) i);
      digest.update(buffer, pos, len);
      digest.doFinal(out, 0);
      System.arraycopy(out, 0, buffer, pos, len);
    }
    Arrays.fill(out, (byte) 0);
  }
}
