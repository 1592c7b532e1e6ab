package io.diskcrypt.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Secret bytes as a type: copied in and out, compared in constant time, wiped by {@link #destroy()}.
 *
 * <p><b>Security.</b> {@link #toString()} shows only the length. There is deliberately no {@code
 * equals}/{@code hashCode}: use {@link #equalsInConstantTime}. The one way to the raw bytes is {@link
 * #copyBytes()}, so an audit of who sees key bytes is a search for that name; whoever calls it owns the
 * copy and should wipe it. After {@code destroy()} every access throws {@link IllegalStateException}.
 */
public final class SecretKeyMaterial implements Destroyable, AutoCloseable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretKeyMaterial(byte[] owned) {
    this.bytes = owned;
  }

  /** A copy of {@code bytes}; the caller keeps (and should wipe) its array. */
  public static SecretKeyMaterial copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("key material must not be empty");
    }
    return new SecretKeyMaterial(bytes.clone());
  }

  /** {@code length} fresh bytes from {@link Randomness#source()}. */
  public static SecretKeyMaterial random(int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("key length must be positive, got " + length);
    }
    byte[] fresh = new byte[length];
    Randomness.source().nextBytes(fresh);
    return new SecretKeyMaterial(fresh);
  }

  /** The number of bytes. */
  public int length() {
    checkAlive();
    return bytes.length;
  }

  /** A copy of the bytes. The caller owns it and should wipe it ({@code Arrays.fill}) when done. */
  public byte[] copyBytes() {
    checkAlive();
    return bytes.clone();
  }

  /** A copy of {@code length} bytes from {@code offset}, such as one half of an XTS key. */
  public byte[] copyBytes(int offset, int length) {
    checkAlive();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** True when both hold the same bytes; the time taken does not depend on where they differ. */
  public boolean equalsInConstantTime(SecretKeyMaterial other) {
    checkAlive();
    other.checkAlive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the bytes; the material is unusable afterwards. */
  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Same as {@link #destroy()}, for try-with-resources. */
  @Override
  public void close() {
    destroy();
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("key material was destroyed");
    }
  }

  @Override
  public String toString() {
    return destroyed ? "SecretKeyMaterial[destroyed]" : "SecretKeyMaterial[" + bytes.length + " bytes]";
  }
}
