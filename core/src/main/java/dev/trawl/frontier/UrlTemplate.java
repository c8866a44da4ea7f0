package dev.trawl.frontier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A start URL with at most one page range: {@code {A..B}} (closed, both ends included) or {@code
 * {A..}} (open-ended). Zero-padded bounds keep their width like bash: {@code {01..16}} gives {@code
 * 01, 02, ..., 16}. A leading comma adds an unnumbered first page, as galleries paginate albums
 * ({@code Album.html}, {@code Album2.html}, ...): {@code Album{,2..}.html} and {@code {,2..9}};
 * that page is numbered A - 1. A URL without braces is a single page numbered 1. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * UrlTemplate.parse("https://example.com/picture/lists/p/{1..16}").urls(); // 16 URLs
 * UrlTemplate.parse("https://example.com/Album{,2..3}.html").urls();
 * // Album.html, Album2.html, Album3.html
 * }</pre>
 */
public final class UrlTemplate {
  /** The most pages one closed range may hold. */
  public static final long MAX_PAGES = 1_000_000;

  private static final Pattern RANGE = Pattern.compile("\\{(,?)([0-9]+)\\.\\.([0-9]*)}");

  private final String pattern;
  private final String prefix;
  private final String suffix;
  private final boolean range;
  private final long first;
  private final long last; // -1 when open-ended
  private final int width;
  private final boolean unnumberedFirst;

  private UrlTemplate(
      String pattern,
      String prefix,
      String suffix,
      boolean range,
      long first,
      long last,
      int w,
      boolean unnumberedFirst) {
    this.pattern = pattern;
    this.prefix = prefix;
    this.suffix = suffix;
    this.range = range;
    this.first = first;
    this.last = last;
    this.width = w;
    this.unnumberedFirst = unnumberedFirst;
  }

  /**
   * Parses a URL that may hold one page range.
   *
   * @throws IllegalArgumentException naming the bad value for a reversed or empty range ({@code
   *     {5..1}}), a non-numeric range, more than one range, unbalanced braces, or a closed range of
   *     more than {@value #MAX_PAGES} pages
   */
  public static UrlTemplate parse(String url) {
    Objects.requireNonNull(url, "url == null");
    int open = url.indexOf('{');
    int close = url.indexOf('}');
    if (open < 0 && close < 0) {
      return new UrlTemplate(url, url, "", false, 1, 1, 0, false);
    }
    int depth = 0;
    int ranges = 0;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '{') {
        depth++;
        ranges++;
      } else if (c == '}') {
        depth--;
      }
      if (depth < 0 || depth > 1) {
        throw new IllegalArgumentException("unbalanced braces in " + url);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced braces in " + url);
    }
    if (ranges > 1) {
      throw new IllegalArgumentException("more than one range in " + url);
    }
    String braces = url.substring(open, close + 1);
    Matcher m = RANGE.matcher(braces);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a page range "
              + braces
              + " in "
              + url
              + " (expected {A..B}, {A..}, or {,A..B} and {,A..} for an unnumbered first page)");
    }
    boolean unnumbered = !m.group(1).isEmpty();
    String a = m.group(2);
    String b = m.group(3);
    long from = number(a, braces, url);
    long to = b.isEmpty() ? -1 : number(b, braces, url);
    if (unnumbered) {
      from--; // the unnumbered page comes before A
    }
    if (!b.isEmpty()) {
      if (to < from + (unnumbered ? 1 : 0)) {
        throw new IllegalArgumentException("empty range " + braces + " in " + url);
      }
      if (to - from + 1 > MAX_PAGES) {
        throw new IllegalArgumentException(
            "range "
                + braces
                + " in "
                + url
                + " has "
                + (to - from + 1)
                + " pages, more than "
                + MAX_PAGES);
      }
    }
    // like bash: a leading zero on either bound pads every number to the wider bound
    boolean padded = isPadded(a) || isPadded(b);
    int width = padded ? Math.max(a.length(), b.length()) : 0;
    return new UrlTemplate(
        url, url.substring(0, open), url.substring(close + 1), true, from, to, width, unnumbered);
  }

  private static boolean isPadded(String bound) {
    return bound.length() > 1 && bound.charAt(0) == '0';
  }

  private static long number(String digits, String braces, String url) {
    if (digits.length() > 15) {
      throw new IllegalArgumentException("page number too large in " + braces + " in " + url);
    }
    return Long.parseLong(digits);
  }

  /** True when the URL holds a page range. */
  public boolean isRange() {
    return range;
  }

  /** True for {@code {A..}}. */
  public boolean isOpenEnded() {
    return last < 0;
  }

  /** True for {@code {,A..B}} and {@code {,A..}}: the first page's URL has no number. */
  public boolean hasUnnumberedFirst() {
    return unnumberedFirst;
  }

  /** The first page number (1 for a single URL, A - 1 for an unnumbered first page). */
  public long first() {
    return first;
  }

  /** The last page number, empty when open-ended (1 for a single URL). */
  public OptionalLong last() {
    return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /**
   * The URL of one page.
   *
   * @throws IllegalArgumentException when the page lies outside the range
   */
  public String url(long page) {
    if (page < first || (last >= 0 && page > last)) {
      throw new IllegalArgumentException("page " + page + " outside " + pattern);
    }
    if (!range) {
      return pattern;
    }
    if (unnumberedFirst && page == first) {
      return prefix + suffix;
    }
    String n = Long.toString(page);
    StringBuilder sb = new StringBuilder(prefix.length() + suffix.length() + 20).append(prefix);
    for (int i = n.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(n).append(suffix).toString();
  }

  /**
   * Every URL of a closed template in page order (a single URL gives a list of one).
   *
   * @throws IllegalStateException when open-ended
   */
  public List<String> urls() {
    if (isOpenEnded()) {
      throw new IllegalStateException("open-ended template has no URL list: " + pattern);
    }
    List<String> urls = new ArrayList<>((int) (last - first + 1));
    for (long page = first; page <= last; page++) {
      urls.add(url(page));
    }
    return urls;
  }

  /**
   * The page number of {@code url} when it is one of this range's pages ({@code 7} for {@code
   * .../p/7} of {@code .../p/{1..16}}, and for an unnumbered first page the number before A: {@code
   * 1} for {@code Album.html} of {@code Album{,2..}.html}); empty for a URL without a range or not
   * one of its pages.
   */
  public OptionalLong pageNumber(String url) {
    if (range && unnumberedFirst && url.equals(prefix + suffix)) {
      return OptionalLong.of(first);
    }
    if (!range
        || url.length() <= prefix.length() + suffix.length()
        || !url.startsWith(prefix)
        || !url.endsWith(suffix)) {
      return OptionalLong.empty();
    }
    String digits = url.substring(prefix.length(), url.length() - suffix.length());
    if (digits.length() > 15 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long n = Long.parseLong(digits);
    if (n < first || (last >= 0 && n > last) || !url(n).equals(url)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(n);
  }

  /** The original text. */
  public String pattern() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlTemplate t && t.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
