package dev.trawl.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Text from the network (URLs, reasons, page titles, libraries' log lines about what a server sent)
 * made safe to print: control characters that a terminal would obey ({@code ESC]52;} writes the
 * clipboard, {@code ESC[2J} clears the screen, C1 controls, bidi overrides) are shown escaped as
 * {@code \x1b} or {@code \u202e} instead. Everything else passes unchanged. Pure.
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * A JSON writer for the terminal: JSON already escapes C0 controls; this escapes DEL, C1 and the
   * bidi controls too (as {@code \u009b}), so {@code --json} output is as safe to show.
   */
  static ObjectMapper json() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory().setCharacterEscapes(new JsonEscapes());
    return m;
  }

  private static final class JsonEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    JsonEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= Character.MAX_VALUE && isControl((char) ch)
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }

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
