package io.diskcrypt.core.media;

/** Byte-pattern search used by surface scans. */
final class Patterns {
  private Patterns() {}

  static void checkNeedle(byte[] needle, int sectorBytes) {
    if (needle == null || needle.length == 0 || needle.length > sectorBytes) {
      throw new IllegalArgumentException(
          "scan pattern must be 1 to " + sectorBytes + " bytes, got "
              + (needle == null ? "null" : needle.length));
    }
  }

  /** True when {@code needle} occurs within {@code haystack[from, from + length)}. */
  static boolean contains(byte[] haystack, int from, int length, byte[] needle) {
    byte first = needle[0];
    int last = from + length - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
