package dev.trawl.extract;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.Selector;

/**
 * Reads one fetched page of a level: a pure function of (the level's {@link ExtractRules}, url,
 * bytes, content type) to (links to the next level, next pages of the same level, pictures). Never
 * does I/O; thread-safe, so one instance serves every page of its level.
 *
 * <p>For each element matching {@link ExtractRules#imageSelector()} the attributes are tried in
 * order and the first one giving a usable http(s) URL wins ({@code data:} placeholders, blanks and
 * other schemes are passed over). Attributes named {@code *srcset} yield their largest candidate. A
 * link ({@code a}) that yields nothing from them and whose {@code href} points at a picture (by its
 * extension: {@code .jpg}, {@code .png}, {@code .webp}...) gives its {@code href}, the full-size
 * picture galleries link their thumbnails to. Any other element that yields nothing and is not an
 * {@code img}/{@code source} falls back to its first descendant {@code img}, so {@code
 * div.workimage} works as a selector.
 *
 * <p>URLs are resolved against the page URL honouring {@code <base href>}, fragments are dropped,
 * and characters not allowed in a URI (spaces, non-ASCII) are percent-encoded as UTF-8 (hosts in
 * IDNA form), so every result parses with {@link URI#create}.
 */
public final class PageExtractor {
  private static final Pattern PICTURE_PATH =
      Pattern.compile("(?i)\\.(jpe?g|jpe|jfif|png|gif|webp|avif|bmp|svg|tiff?|heic|heif|jxl)$");
  private static final Pattern CHARSET =
      Pattern.compile("(?i)\\bcharset\\s*=\\s*[\"']?([^\\s;\"',]+)");

  private final ExtractRules rules;
  private final Query images;
  private final Query next;
  private final Query follow;
  private final Query tree;

  /** A compiled selector: CSS or JSONPath. */
  private record Query(String text, Evaluator css, JsonPath json) {
    static Query of(String text) {
      if (text == null) {
        return null;
      }
      return ExtractRules.isJsonPath(text)
          ? new Query(text, null, JsonPath.compile(text))
          : new Query(text, Selector.evaluatorOf(text), null);
    }
  }

  /** Rules are validated by {@link ExtractRules}; selectors are compiled once here. */
  public PageExtractor(ExtractRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules == null");
    this.images = Query.of(rules.imageSelector());
    this.next = Query.of(rules.nextSelector());
    this.follow = Query.of(rules.followSelector());
    this.tree = Query.of(rules.treeSelector());
  }

  /**
   * Extracts from one page: a JSON page (by its content type, see {@link #isJson}) with the
   * JSONPath selectors, any other with the CSS ones.
   *
   * @param pageUrl the URL the body was fetched from (after redirects); base for relative URLs
   * @param body the raw bytes; any content is accepted, an empty body gives an empty result
   * @param contentType the Content-Type header or null; its charset wins over BOM/meta detection
   * @throws ExtractException when a selector does not fit the page (JSONPath on HTML, CSS on JSON;
   *     the default next selector is left out on JSON pages) or a JSON page does not parse
   */
  public Extraction extract(String pageUrl, byte[] body, String contentType) {
    Objects.requireNonNull(pageUrl, "pageUrl == null");
    Objects.requireNonNull(body, "body == null");
    if (body.length == 0) {
      return Extraction.EMPTY;
    }
    if (JsonPage.isJson(contentType, body)) {
      return extractJson(pageUrl, body);
    }
    for (Query q : new Query[] {images, next, follow, tree}) {
      if (q != null && q.json() != null) {
        throw new ExtractException(pageUrl, "JSONPath selector on an HTML page: " + q.text());
      }
    }
    Document doc = parse(pageUrl, body, contentType);
    Map<String, String> found = new LinkedHashMap<>();
    if (images != null) {
      for (Element element : doc.select(images.css())) {
        Element source = element;
        String url = fromAttributes(element);
        if (url == null && element.nameIs("a")) {
          url = pictureLink(element);
        }
        if (url == null && !element.nameIs("img") && !element.nameIs("source")) {
          source = element.selectFirst("img");
          url = source == null ? null : fromAttributes(source);
        }
        if (url != null) {
          found.putIfAbsent(url, altOf(element, source));
        }
      }
    }
    String title = doc.title().strip();
    return new Extraction(
        new ArrayList<>(found.keySet()),
        links(doc, next),
        links(doc, follow),
        links(doc, tree),
        doc.getElementsByTag("img").size(),
        Map.of(),
        title.isEmpty() ? null : title,
        new ArrayList<>(found.values()));
  }

  /** True when {@link #extract} reads this page as JSON. */
  public static boolean isJson(String contentType, byte[] body) {
    return JsonPage.isJson(contentType, body);
  }

  private static List<String> links(Document doc, Query query) {
    Set<String> links = new LinkedHashSet<>();
    if (query != null) {
      for (Element element : doc.select(query.css())) {
        String url = resolve(element.baseUri(), element.attr("href"));
        if (url != null) {
          links.add(url);
        }
      }
    }
    return new ArrayList<>(links);
  }

  /** The alt text of the element an image came from, else its title, else the selected one's. */
  private static String altOf(Element selected, Element source) {
    for (Element e : new Element[] {source, selected}) {
      for (String name : new String[] {"alt", "title"}) {
        String text = e.attr(name).strip();
        if (!text.isEmpty()) {
          return text;
        }
      }
    }
    return "";
  }

  private Extraction extractJson(String pageUrl, byte[] body) {
    for (Query q : new Query[] {images, next, follow, tree}) {
      // rel=next is the default pager of HTML pages; a JSON API has its own or none
      if (q != null && q.css() != null && !q.text().equals(ExtractRules.DEFAULT_NEXT_SELECTOR)) {
        throw new ExtractException(pageUrl, "CSS selector on a JSON page: " + q.text());
      }
    }
    JsonPage page = JsonPage.parse(pageUrl, body);
    Map<String, String> sources = new LinkedHashMap<>();
    Set<String> found = new LinkedHashSet<>();
    if (images != null) {
      for (JsonPage.Found f : page.select(images.json(), rules.imageAttributes())) {
        String url = resolve(pageUrl, f.text());
        if (url != null && found.add(url) && f.source() != null) {
          sources.put(url, JsonPage.text(f.source()));
        }
      }
    }
    return new Extraction(
        new ArrayList<>(found),
        jsonLinks(page, pageUrl, next),
        jsonLinks(page, pageUrl, follow),
        jsonLinks(page, pageUrl, tree),
        0,
        sources,
        null,
        List.of());
  }

  private static List<String> jsonLinks(JsonPage page, String pageUrl, Query query) {
    Set<String> links = new LinkedHashSet<>();
    if (query != null && query.json() != null) {
      for (JsonPage.Found f : page.select(query.json(), List.of("url", "href"))) {
        String url = resolve(pageUrl, f.text());
        if (url != null) {
          links.add(url);
        }
      }
    }
    return new ArrayList<>(links);
  }

  static Document parse(String pageUrl, byte[] body, String contentType) {
    try {
      return Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), pageUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array cannot fail to read
    }
  }

  /** The content type's charset when Java supports it, else null (jsoup detects BOM/meta). */
  static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) {
      return null;
    }
    String name = m.group(1);
    try {
      return Charset.isSupported(name) ? name : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }

  /** The link's target when its path ends in a picture's extension, else null. */
  private static String pictureLink(Element a) {
    String url = resolve(a.baseUri(), a.attr("href"));
    if (url == null) {
      return null;
    }
    String path = URI.create(url).getRawPath();
    return path != null && PICTURE_PATH.matcher(path).find() ? url : null;
  }

  private String fromAttributes(Element element) {
    return urlFrom(element, rules.imageAttributes());
  }

  /** The first usable http(s) URL among the named attributes ({@code *srcset}: its largest). */
  static String urlFrom(Element element, List<String> names) {
    for (String name : names) {
      if (!element.hasAttr(name)) {
        continue;
      }
      String value = element.attr(name);
      if (name.toLowerCase(Locale.ROOT).endsWith("srcset")) {
        value = Srcset.largest(value);
      }
      String url = value == null ? null : resolve(element.baseUri(), value);
      if (url != null) {
        return url;
      }
    }
    return null;
  }

  /**
   * A link's {@code href} resolved as {@link #resolve} does; null when it is not an http(s) URL.
   */
  static String href(Element a) {
    return resolve(a.baseUri(), a.attr("href"));
  }

  /** The URL without its {@code #fragment}. */
  static String withoutFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  /**
   * {@code url} as an absolute, URI-safe http(s) URL with a host (spaces and non-ASCII
   * percent-encoded, no fragment), or null when it is not one: a start URL from a list or a
   * robots.txt.
   */
  public static String httpUrl(String url) {
    return hasPrefix(url, "http://") || hasPrefix(url, "https://") ? resolve(url, url) : null;
  }

  /** Absolute, fragment-free, URI-safe http(s) URL, or null when the value is not one. */
  static String resolve(String base, String value) {
    String trimmed = value.strip();
    if (trimmed.isEmpty() || hasPrefix(trimmed, "data:") || hasPrefix(trimmed, "javascript:")) {
      return null;
    }
    String absolute = StringUtil.resolve(base, trimmed); // the resolver jsoup's absUrl uses
    int hash = absolute.indexOf('#');
    if (hash >= 0) {
      absolute = absolute.substring(0, hash);
    }
    int authorityStart;
    if (hasPrefix(absolute, "http://")) {
      authorityStart = 7;
    } else if (hasPrefix(absolute, "https://")) {
      authorityStart = 8;
    } else {
      return null;
    }
    int authorityEnd = authorityStart;
    while (authorityEnd < absolute.length() && "/?".indexOf(absolute.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = asciiAuthority(absolute.substring(authorityStart, authorityEnd));
    if (authority == null) {
      return null;
    }
    String url =
        absolute.substring(0, authorityStart).toLowerCase(Locale.ROOT)
            + authority
            + encode(absolute.substring(authorityEnd));
    try {
      URI uri = new URI(url);
      return uri.getHost() == null ? null : url;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean hasPrefix(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String asciiAuthority(String authority) {
    if (authority.isEmpty()) {
      return null;
    }
    boolean ascii = authority.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return authority;
    }
    int at = authority.lastIndexOf('@');
    String userInfo = authority.substring(0, at + 1);
    String hostPort = authority.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    String port = colon < 0 ? "" : hostPort.substring(colon);
    try {
      return encode(userInfo) + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Percent-encodes (UTF-8) what a URI may not contain; keeps valid escapes as they are. */
  private static String encode(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      boolean keep =
          cp > 0x20 && cp < 0x7f && "\"<>\\^`{|}".indexOf(cp) < 0 && (cp != '%' || isEscape(s, i));
      if (!keep && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (keep) {
          out.appendCodePoint(cp);
        } else {
          for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
            out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
          }
        }
      }
      i += n;
    }
    return out == null ? s : out.toString();
  }

  private static boolean isEscape(String s, int i) {
    return i + 2 < s.length()
        && Character.digit(s.charAt(i + 1), 16) >= 0
        && Character.digit(s.charAt(i + 2), 16) >= 0;
  }
}
