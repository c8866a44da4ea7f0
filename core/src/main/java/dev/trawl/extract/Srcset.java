package dev.trawl.extract;

import java.util.ArrayList;
import java.util.List;

/** Parses a {@code srcset} value the way the HTML spec does and picks its largest candidate. */
final class Srcset {
  private Srcset() {}

  /** One candidate; {@code width} is 0 when it has an x (or no) descriptor instead. */
  record Candidate(String url, long width, double density) {}

  /**
   * The URL of the largest candidate: by width when any candidate has a {@code w} descriptor, else
   * by density ({@code x}, none = 1x); the first wins a tie. Null when there is none.
   */
  static String largest(String srcset) {
    Candidate best = null;
    for (Candidate c : parse(srcset)) {
      if (best == null || larger(c, best)) {
        best = c;
      }
    }
    return best == null ? null : best.url();
  }

  private static boolean larger(Candidate c, Candidate best) {
    if ((c.width() > 0) != (best.width() > 0)) {
      return c.width() > 0;
    }
    return c.width() > 0 ? c.width() > best.width() : c.density() > best.density();
  }

  /** Valid candidates in order; invalid descriptors drop their candidate, as in browsers. */
  static List<Candidate> parse(String s) {
    List<Candidate> out = new ArrayList<>();
    int pos = 0;
    int len = s.length();
    while (true) {
      while (pos < len && (isSpace(s.charAt(pos)) || s.charAt(pos) == ',')) {
        pos++;
      }
      if (pos >= len) {
        return out;
      }
      int start = pos;
      while (pos < len && !isSpace(s.charAt(pos))) {
        pos++;
      }
      String url = s.substring(start, pos);
      List<String> descriptors = new ArrayList<>();
      if (url.endsWith(",")) {
        url =
            url.replaceAll(",+$", ""); // a candidate URL ends at whitespace; trailing commas end it
      } else {
        pos = descriptors(s, pos, descriptors);
      }
      Candidate c = candidate(url, descriptors);
      if (c != null) {
        out.add(c);
      }
    }
  }

  /** Collects descriptors up to the comma ending the candidate; returns the position after it. */
  private static int descriptors(String s, int pos, List<String> out) {
    StringBuilder current = new StringBuilder();
    boolean inParens = false;
    for (; pos < s.length(); pos++) {
      char c = s.charAt(pos);
      if (inParens) {
        current.append(c);
        inParens = c != ')';
      } else if (isSpace(c)) {
        flush(current, out);
      } else if (c == ',') {
        flush(current, out);
        return pos + 1;
      } else {
        current.append(c);
        inParens = c == '(';
      }
    }
    flush(current, out);
    return pos;
  }

  private static void flush(StringBuilder current, List<String> out) {
    if (current.length() > 0) {
      out.add(current.toString());
      current.setLength(0);
    }
  }

  private static Candidate candidate(String url, List<String> descriptors) {
    if (url.isEmpty()) {
      return null;
    }
    long width = 0;
    double density = -1;
    boolean height = false;
    for (String d : descriptors) {
      char kind = Character.toLowerCase(d.charAt(d.length() - 1));
      String number = d.substring(0, d.length() - 1);
      boolean sized = width > 0 || density >= 0;
      if (kind == 'w' && !sized && number.matches("[0-9]{1,15}")) {
        width = Long.parseLong(number);
        if (width == 0) {
          return null;
        }
      } else if (kind == 'x' && !sized && number.matches("[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
        density = Double.parseDouble(number);
      } else if (kind == 'h' && !height && number.matches("[0-9]{1,15}")) {
        height = true;
      } else {
        return null;
      }
    }
    return new Candidate(url, width, density < 0 ? 1 : density);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
