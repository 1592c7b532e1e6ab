package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.crypto.Randomness;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A 48-digit BitLocker recovery password: eight groups of six digits separated by dashes, each group
 * a multiple of 11 below 720896. Group {@code i} divided by 11 is the 16-bit little-endian word {@code i}
 * of a 128-bit key.
 *
 * <p>Key derivation (the same for every BitLocker password protector): {@code initial = SHA-256(key128)},
 * then 1,048,576 times {@code last = SHA-256(last || initial || salt16 || counter as u64 LE)} starting
 * from {@code last = 0} and {@code counter = 0}; the final {@code last} is the AES-256 key that
 * unwraps the VMK with AES-CCM.
 *
 * <p><b>Security.</b> {@link #toString()} hides the digits; {@link #value()} is the one way to them.
 */
public final class RecoveryPassword implements Destroyable {
  static final int ITERATIONS = 0x100000;
  private static final int GROUPS = 8;

  private final char[] digits;
  private boolean destroyed;

  private RecoveryPassword(char[] digits) {
    this.digits = digits;
  }

  /** A fresh random recovery password, drawn from {@link Randomness#source()}. */
  static RecoveryPassword generate() {
    // Digits go straight into the array destroy() wipes: no String or StringBuilder copies left behind.
    char[] chars = new char[GROUPS * 7 - 1];
    for (int i = 0; i < GROUPS; i++) {
      if (i > 0) {
        chars[i * 7 - 1] = '-';
      }
      int value = 11 * Randomness.source().nextInt(0x10000);
      for (int j = 5; j >= 0; j--) {
        chars[i * 7 + j] = (char) ('0' + value % 10);
        value /= 10;
      }
    }
    return new RecoveryPassword(chars);
  }

  /**
   * Reads a recovery password typed as 8 dash-separated groups of 6 digits (surrounding white space
   * ignored).
   *
   * @throws IllegalArgumentException naming the group that is not 6 digits or not a multiple of 11
   *     below 720896
   */
  public static RecoveryPassword parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    String[] groups = trimmed.split("-", -1);
    if (groups.length != GROUPS) {
      throw new IllegalArgumentException("recovery password has " + groups.length
          + " dash-separated groups: 8 groups of 6 digits expected");
    }
    for (int i = 0; i < GROUPS; i++) {
      String g = groups[i];
      if (g.length() != 6 || !g.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("recovery password group " + (i + 1) + " is not 6 digits");
      }
      int value = Integer.parseInt(g);
      if (value % 11 != 0 || value / 11 > 0xffff) {
        throw new IllegalArgumentException("recovery password group " + (i + 1)
            + " is not a multiple of 11 below 720896 (a typing error?)");
      }
    }
    return new RecoveryPassword(trimmed.toCharArray());
  }

  /** The 55-character text (48 digits and 7 dashes). */
  public String value() {
    checkAlive();
    return new String(digits);
  }

  /** The 128-bit key the digits encode. The caller owns the array. */
  byte[] key128() {
    checkAlive();
    byte[] key = new byte[16];
    for (int i = 0; i < GROUPS; i++) {
      int value = 0;
      for (int j = 0; j < 6; j++) {
        value = value * 10 + (digits[i * 7 + j] - '0');
      }
      Le.put16(key, 2 * i, value / 11);
    }
    return key;
  }

  /** The AES-256 key that unwraps the VMK under {@code salt}. The caller owns the array. */
  byte[] stretch(byte[] salt) {
    byte[] key = key128();
    try {
      return stretchKey(key, salt);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** BitLocker's SHA-256 chain over a 16-byte salt; {@code secret} is hashed once first. */
  static byte[] stretchKey(byte[] secret, byte[] salt) {
    if (salt.length != 16) {
      throw new IllegalArgumentException("stretch key salt is " + salt.length + " bytes: 16 expected");
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    byte[] state = new byte[32 + 32 + 16 + 8];
    sha.update(secret);
    byte[] initial = sha.digest();
    System.arraycopy(initial, 0, state, 32, 32);
    System.arraycopy(salt, 0, state, 64, 16);
    Arrays.fill(initial, (byte) 0);
    try {
      for (long count = 0; count < ITERATIONS; count++) {
        Le.put64(state, 80, count);
        sha.update(state);
        sha.digest(state, 0, 32);
      }
      return Arrays.copyOf(state, 32);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    } finally {
      Arrays.fill(state, (byte) 0);
    }
  }

  @Override
  public void destroy() {
    Arrays.fill(digits, '\0');
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("recovery password was destroyed");
    }
  }

  @Override
  public String toString() {
    return destroyed ? "RecoveryPassword[destroyed]" : "RecoveryPassword[48 digits]";
  }
}
