package dev.trawl.cli;

/**
 * Text from the network (URLs, reasons, page titles, libraries' log lines about what a server sent)
 * made safe to print: control characters that a terminal would obey ({@code ESC]52;} writes the
 * clipboard, {@code ESC[2J} clears the screen, C1 controls, bidi overrides) are shown escaped as
 * {@code \x1b} or {@code \u202e} instead. Everything else passes unchanged. Pure.
 */
final class TerminalText {
  private TerminalText() {}

  /** {@code text} with every control character escaped; null stays "null". */
  static String safe(Object text) {
    String s = String.valueOf(text);
    int i = 0;
    while (i < s.length() && !isControl(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s; // the common case: nothing to escape, no copy
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (c < 0x100) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  /** C0 (tab and newline included), DEL, C1, and the Unicode bidi embeddings and isolates. */
  static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7f && c < 0xa0)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }
}
