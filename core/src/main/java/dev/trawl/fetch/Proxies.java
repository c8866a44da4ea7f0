package dev.trawl.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy a request goes through: one given with {@code --proxy URL}, else the {@code
 * https_proxy}, {@code http_proxy} and {@code all_proxy} environment variables as curl and wget
 * read them, except for hosts {@code no_proxy} lists ({@code *} for all, a host name also covers
 * its subdomains). {@code http://}, {@code https://} (TLS to the proxy), {@code socks5://} (names
 * resolved here) and {@code socks5h://} (names resolved by the proxy), with optional {@code
 * user:password@}. Immutable; the password is a {@link Secret}.
 */
public final class Proxies {
  /** A proxy's kind, named by its URL scheme. */
  public enum Kind {
    HTTP("http", 1080),
    HTTPS("https", 443),
    SOCKS5("socks5", 1080),
    SOCKS5H("socks5h", 1080);

    final String scheme;
    final int defaultPort;

    Kind(String scheme, int defaultPort) {
      this.scheme = scheme;
      this.defaultPort = defaultPort;
    }

    public boolean isSocks() {
      return this == SOCKS5 || this == SOCKS5H;
    }
  }

  /** One proxy; {@link #toString()} shows {@code ***} for the password. */
  public record Proxy(Kind kind, String host, int port, String user, Secret password) {
    /** HOST:PORT, as errors name it. */
    public String address() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
      String auth = user == null ? "" : user + (password == null ? "" : ":" + Secret.MASK) + "@";
      return kind.scheme + "://" + auth + address();
    }
  }

  private static final Proxies DIRECT = new Proxies(null, null, null, List.of());

  private final Proxy forHttp;
  private final Proxy forHttps;
  private final Proxy fallback;
  private final List<String> noProxy;

  private Proxies(Proxy forHttp, Proxy forHttps, Proxy fallback, List<String> noProxy) {
    this.forHttp = forHttp;
    this.forHttps = forHttps;
    this.fallback = fallback;
    this.noProxy = noProxy;
  }

  /** No proxy at all. */
  public static Proxies direct() {
    return DIRECT;
  }

  /**
   * Every request through {@code url} except to hosts {@code noProxy} lists (may be null); {@code
   * none} for no proxy.
   *
   * @throws IllegalArgumentException naming the URL (its password masked) when it is not a proxy
   *     URL of a supported scheme
   */
  public static Proxies of(String url, String noProxy) {
    if (url.trim().equalsIgnoreCase("none")) {
      return DIRECT;
    }
    return new Proxies(null, null, parse("--proxy", url), noProxyList(noProxy));
  }

  /**
   * From {@code https_proxy}/{@code HTTPS_PROXY}, {@code http_proxy} (lower case only, as curl:
   * {@code HTTP_PROXY} can be set by a CGI request), {@code all_proxy}/{@code ALL_PROXY} and {@code
   * no_proxy}/{@code NO_PROXY} in {@code env}.
   *
   * @throws IllegalArgumentException naming the variable when its value is not a proxy URL
   */
  public static Proxies fromEnvironment(Map<String, String> env) {
    Proxy http = fromEnv(env, "http_proxy", null);
    Proxy https = fromEnv(env, "https_proxy", "HTTPS_PROXY");
    Proxy all = fromEnv(env, "all_proxy", "ALL_PROXY");
    if (http == null && https == null && all == null) {
      return DIRECT;
    }
    String no = env.get("no_proxy") != null ? env.get("no_proxy") : env.get("NO_PROXY");
    return new Proxies(http, https, all, noProxyList(no));
  }

  /** The proxy for a request to {@code scheme://host}, or null to connect directly. */
  public Proxy select(String scheme, String host) {
    if (this == DIRECT || isExempt(host)) {
      return null;
    }
    Proxy p = "https".equalsIgnoreCase(scheme) ? forHttps : forHttp;
    return p != null ? p : fallback;
  }

  /** True when some request may go through a proxy. */
  public boolean isEmpty() {
    return this == DIRECT;
  }

  /** Every proxy configured. */
  public List<Proxy> all() {
    List<Proxy> all = new ArrayList<>();
    for (Proxy p : new Proxy[] {forHttp, forHttps, fallback}) {
      if (p != null && !all.contains(p)) {
        all.add(p);
      }
    }
    return all;
  }

  private boolean isExempt(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String n : noProxy) {
      if (n.equals("*") || h.equals(n) || h.endsWith("." + n)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> noProxyList(String value) {
    List<String> hosts = new ArrayList<>();
    if (value == null) {
      return hosts;
    }
    for (String part : value.split(",")) {
      String n = part.trim().toLowerCase(Locale.ROOT);
      if (n.startsWith("[")) {
        int end = n.indexOf(']');
        n = end > 0 ? n.substring(1, end) : n;
      } else if (n.indexOf(':') == n.lastIndexOf(':') && n.indexOf(':') > 0) {
        n = n.substring(0, n.indexOf(':')); // host:port: the port is not matched
      }
      while (n.startsWith(".") || n.startsWith("*.")) {
        n = n.substring(n.startsWith(".") ? 1 : 2);
      }
      if (!n.isEmpty()) {
        hosts.add(n);
      }
    }
    return List.copyOf(hosts);
  }

  private static Proxy fromEnv(Map<String, String> env, String name, String upper) {
    String v = env.get(name);
    String from = name;
    if ((v == null || v.isBlank()) && upper != null) {
      v = env.get(upper);
      from = upper;
    }
    if (v == null || v.isBlank()) {
      return null;
    }
    // curl and wget accept a bare host:port
    return parse("$" + from, v.contains("://") ? v.trim() : "http://" + v.trim());
  }

  /** Parses a proxy URL; {@code what} names its source in errors. */
  static Proxy parse(String what, String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad " + what + ": '" + masked(url) + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.scheme.equals(scheme)) {
        kind = k;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "bad "
              + what
              + ": '"
              + masked(url)
              + "' (want http://, https://, socks5:// or socks5h://HOST[:PORT], or none)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("bad " + what + ": no host in '" + masked(url) + "'");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "bad " + what + ": a proxy URL has no path or query: '" + masked(url) + "'");
    }
    String user = null;
    Secret password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : Secret.of(decode(info.substring(colon + 1)));
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : kind.defaultPort;
    return new Proxy(kind, host, port, user, password);
  }

  /** {@code url} with the password of its user-info replaced by {@code ***}. */
  public static String masked(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String info = url.substring(scheme + 3, at);
    int colon = info.indexOf(':');
    String shown = colon < 0 ? info : info.substring(0, colon) + ":" + Secret.MASK;
    return url.substring(0, scheme + 3) + shown + url.substring(at);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return this == DIRECT ? "none" : all() + (noProxy.isEmpty() ? "" : " no_proxy=" + noProxy);
  }
}
