package dev.trawl.fetch;

import java.util.Locale;
import java.util.Set;

/**
 * A request header the user asked for ({@code --header 'Name: value'}). {@code Authorization},
 * {@code Cookie} and {@code Proxy-Authorization} are secret: their value is a {@link Secret}, they
 * go only to the start URLs' hosts and never after a redirect that left the host (curl's rule).
 * {@link #toString()} never shows a secret value.
 */
public record ExtraHeader(String name, String plainValue, Secret secretValue) {
  private static final Set<String> SECRET_NAMES =
      Set.of("authorization", "cookie", "proxy-authorization");

  public ExtraHeader {
    checkName(name);
    if ((plainValue == null) == (secretValue == null)) {
      throw new IllegalArgumentException("a header has one value: " + name);
    }
  }

  /**
   * Parses {@code Name: value}.
   *
   * @throws IllegalArgumentException naming the header (never its value) when there is no colon,
   *     the name is not an HTTP token, or the value holds CR, LF or NUL (header injection)
   */
  public static ExtraHeader parse(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "bad --header '" + shown(firstWord(line)) + "...' (want 'Name: value', no colon)");
    }
    String name = line.substring(0, colon).trim();
    String value = line.substring(colon + 1).strip();
    checkName(name);
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "bad --header " + name + ": CR, LF or NUL in its value (header injection)");
    }
    return isSecretName(name)
        ? new ExtraHeader(name, null, Secret.of(value))
        : new ExtraHeader(name, value, null);
  }

  /** True for Authorization, Cookie and Proxy-Authorization, whatever the case. */
  public static boolean isSecretName(String name) {
    return SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  public boolean isSecret() {
    return secretValue != null;
  }

  /** The value to send. */
  public String value() {
    return isSecret() ? secretValue.reveal() : plainValue;
  }

  /** {@code Name: value}, with {@code ***} for a secret value. */
  @Override
  public String toString() {
    return name + ": " + (isSecret() ? Secret.MASK : plainValue);
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("bad --header: empty name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        throw new IllegalArgumentException(
            "bad --header name '" + shown(name) + "' (illegal character)");
      }
    }
  }

  /** The text before the first blank: a header line without a colon may hold a secret after it. */
  private static String firstWord(String line) {
    String s = line.strip();
    int blank = 0;
    while (blank < s.length() && blank < 30 && " \t=".indexOf(s.charAt(blank)) < 0) {
      blank++;
    }
    return s.substring(0, blank);
  }

  /** Text fit for one line of an error message. */
  private static String shown(String text) {
    String s = text.replace("\r", "\\r").replace("\n", "\\n");
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
