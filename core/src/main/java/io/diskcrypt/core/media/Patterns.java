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

  /** True when {@code needle} occurs anywhere in {@code haystack}. */
  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
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
