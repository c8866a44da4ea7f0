package dev.trawl.rewrite;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One image URL rewrite, written {@code REGEX=>REPLACEMENT}: a Java regex and a replacement with
 * {@code $1}/{@code ${name}} group references, applied with {@link
 * java.util.regex.Matcher#replaceAll replaceAll}. Immutable and thread-safe. Example: {@code
 * thumb_=>thumbMid_} turns {@code /uploads/thumb_7.jpg} into {@code /uploads/thumbMid_7.jpg}.
 *
 * @param pattern the regex, searched anywhere in the URL
 * @param replacement the replacement; checked against the pattern's groups
 */
public record RewriteRule(Pattern pattern, String replacement) {
  private static final String ARROW = "=>";

  public RewriteRule {
    Objects.requireNonNull(pattern, "pattern == null");
    Objects.requireNonNull(replacement, "replacement == null");
    String error = replacementError(pattern, replacement);
    if (error != null) {
      throw new IllegalArgumentException(
          "bad replacement '" + replacement + "' for " + pattern + ": " + error);
    }
  }

  /**
   * Parses {@code REGEX=>REPLACEMENT}, split at the first {@code =>}.
   *
   * @throws IllegalArgumentException {@code "bad rewrite 'SPEC': REASON"} when the arrow is
   *     missing, the regex is empty or invalid, or the replacement names a missing group
   */
  public static RewriteRule parse(String spec) {
    Objects.requireNonNull(spec, "spec == null");
    int arrow = spec.indexOf(ARROW);
    if (arrow < 0) {
      throw bad(spec, "missing '=>' (expected REGEX=>REPLACEMENT)");
    }
    String regex = spec.substring(0, arrow);
    String replacement = spec.substring(arrow + ARROW.length());
    if (regex.isEmpty()) {
      throw bad(spec, "empty regex");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw bad(spec, e.getDescription() + " near index " + e.getIndex() + " of the regex");
    }
    String error = replacementError(pattern, replacement);
    if (error != null) {
      throw bad(spec, error);
    }
    return new RewriteRule(pattern, replacement);
  }

  /**
   * The most characters the regex may look at while rewriting one URL: enough for a regex that is
   * quadratic on a 2,048 character URL (about 2 million); one that backtracks exponentially hits it
   * within tens of milliseconds and fails with {@link RewriteTooSlowException}.
   */
  public static final long STEP_BUDGET = 10_000_000;

  /**
   * Replaces every match of the pattern in {@code url}.
   *
   * @throws RewriteTooSlowException when matching looks at more than {@link #STEP_BUDGET}
   *     characters
   */
  public String apply(String url) {
    return pattern.matcher(new Budgeted(url, this)).replaceAll(replacement);
  }

  /** The URL as the matcher sees it: every character read counts against the budget. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private final RewriteRule rule;
    private long steps;

    Budgeted(String text, RewriteRule rule) {
      this.text = text;
      this.rule = rule;
    }

    @Override
    public char charAt(int index) {
      if (++steps > STEP_BUDGET) {
        throw new RewriteTooSlowException(rule.toString(), text, STEP_BUDGET);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static IllegalArgumentException bad(String spec, String reason) {
    return new IllegalArgumentException("bad rewrite '" + spec + "': " + reason);
  }

  /** Mirrors Matcher.appendReplacement's parsing, so a bad reference fails here, not mid-crawl. */
  private static String replacementError(Pattern pattern, String replacement) {
    int groups = pattern.matcher("").groupCount();
    int i = 0;
    while (i < replacement.length()) {
      char c = replacement.charAt(i++);
      if (c == '\\') {
        if (i == replacement.length()) {
          return "trailing '\\' in the replacement (escape it as \\\\)";
        }
        i++;
      } else if (c == '$') {
        if (i == replacement.length()) {
          return "trailing '$' in the replacement (escape it as \\$)";
        }
        char next = replacement.charAt(i);
        if (next == '{') {
          int close = replacement.indexOf('}', i);
          if (close < 0) {
            return "unclosed ${ in the replacement";
          }
          String name = replacement.substring(i + 1, close);
          if (!pattern.namedGroups().containsKey(name)) {
            return "no group named '" + name + "' in the regex";
          }
          i = close + 1;
        } else if (next >= '0' && next <= '9') {
          int group = next - '0';
          if (group > groups) {
            return "no group " + group + " in the regex (it has " + groups + ")";
          }
          i++;
          // like Matcher: take more digits only while they still name an existing group
          while (i < replacement.length()) {
            int digit = replacement.charAt(i) - '0';
            if (digit < 0 || digit > 9 || group * 10 + digit > groups) {
              break;
            }
            group = group * 10 + digit;
            i++;
          }
        } else {
          return "'$' must be followed by a group number or {name} (escape it as \\$)";
        }
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RewriteRule r
        && r.pattern.pattern().equals(pattern.pattern())
        && r.pattern.flags() == pattern.flags()
        && r.replacement.equals(replacement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pattern.pattern(), pattern.flags(), replacement);
  }

  /** The rule as written: {@code REGEX=>REPLACEMENT}. */
  @Override
  public String toString() {
    return pattern.pattern() + ARROW + replacement;
  }
}
