package io.diskcrypt.demo;

import java.util.Locale;

/** Sizes and offsets on the command line: bytes, or a number with a K, M, G or T suffix. */
final class Sizes {
  private Sizes() {}

  /** A size in bytes: a number with an optional K, M, G or T suffix (powers of 1024). */
  static long parse(String option, String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a size: use bytes or a number with K, M, G or T");
    }
  }
}
