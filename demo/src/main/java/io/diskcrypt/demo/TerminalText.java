package io.diskcrypt.demo;

/** Text read from an image, made safe to print on one terminal line. */
final class TerminalText {
  private TerminalText() {}

  /**
   * {@code text} with every control character, and every character that reorders or breaks a line on a
   * terminal, as a backslash-u escape of four hex digits (backslashes doubled): what an image says cannot forge
   * lines or drive the terminal.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\\') {
        out.append("\\\\");
      } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
