package dev.trawl.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which Referer a request carries ({@code --referer auto|none|URL}). {@link #AUTO} does what a
 * browser does: a picture is requested with the page it was found on, a page with the page that
 * linked to it, a start URL with none. A fixed URL goes with every request. Never from an https
 * page to an http URL (the browser's downgrade rule), also after redirects. Immutable.
 */
public final class RefererPolicy {
  /** The page a URL was found on. */
  public static final RefererPolicy AUTO = new RefererPolicy("auto", null);

  /** No Referer ever. */
  public static final RefererPolicy NONE = new RefererPolicy("none", null);

  private final String name;
  private final String fixed;

  private RefererPolicy(String name, String fixed) {
    this.name = name;
    this.fixed = fixed;
  }

  /**
   * {@code auto}, {@code none} or an absolute http(s) URL.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static RefererPolicy parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.equalsIgnoreCase("auto")) {
      return AUTO;
    }
    if (s.equalsIgnoreCase("none")) {
      return NONE;
    }
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
        return new RefererPolicy(s, s);
      }
    } catch (URISyntaxException e) {
      // named below
    }
    throw new IllegalArgumentException(
        "bad --referer: '" + s + "' (want auto, none or an http(s) URL)");
  }

  /**
   * The Referer for a request to {@code target}, or null for none.
   *
   * @param foundOn the page {@code target} was found on or linked from; null for a start URL
   */
  public String refererFor(String target, String foundOn) {
    String referer = fixed != null ? fixed : this == AUTO ? foundOn : null;
    return referer == null || isDowngrade(referer, target) ? null : referer;
  }

  /** True when an https page would be sent as Referer to an http URL. */
  public static boolean isDowngrade(String referer, String target) {
    return startsWithIgnoreCase(referer, "https:") && startsWithIgnoreCase(target, "http:");
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** {@code auto}, {@code none} or the URL. */
  @Override
  public String toString() {
    return name;
  }
}
