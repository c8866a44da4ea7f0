package dev.trawl.frontier.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Store URLs as users write them: {@code postgresql://HOST[:PORT]/DB?user=U&password=P} (libpq's
 * form, also with {@code user:password@}) or {@code jdbc:postgresql://...}. Parsing does no I/O.
 */
final class PostgresUrl {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(password=)[^&]*", Pattern.CASE_INSENSITIVE);
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^/@:]*:)[^/@]*@");

  private PostgresUrl() {}

  /**
   * The JDBC URL for {@code url}; user info ({@code user:password@}) moves into the query.
   *
   * @throws IllegalArgumentException naming the value, password masked, when it is not one of the
   *     two forms or has no host or database
   */
  static String toJdbc(String url) {
    if (url == null) {
      throw new IllegalArgumentException("store URL == null");
    }
    String rest;
    if (url.startsWith("jdbc:postgresql://")) {
      rest = url.substring("jdbc:".length());
    } else if (url.startsWith("postgresql://")) {
      rest = url;
    } else {
      throw bad(url, "expected postgresql://HOST[:PORT]/DB?user=U&password=P");
    }
    URI uri;
    try {
      uri = new URI(rest);
    } catch (URISyntaxException e) {
      throw bad(url, "malformed");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw bad(url, "no host");
    }
    String path = uri.getRawPath();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw bad(url, "no database");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
    if (uri.getPort() != -1) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(path);
    String query = uri.getRawQuery();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      String params = "user=" + reencode(user);
      if (colon >= 0) {
        params += "&password=" + reencode(userInfo.substring(colon + 1));
      }
      query = query == null || query.isEmpty() ? params : params + "&" + query;
    }
    if (query != null && !query.isEmpty()) {
      jdbc.append('?').append(query);
    }
    return jdbc.toString();
  }

  /** {@code url} with any password replaced by {@code ***}, for messages and logs. */
  static String mask(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1***@");
  }

  /** {@code jdbcUrl} without the {@code jdbc:} prefix nor query: where, for messages. */
  static String describe(String jdbcUrl) {
    String s = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  private static String reencode(String raw) {
    return URLEncoder.encode(
        URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(String url, String why) {
    return new IllegalArgumentException("not a PostgreSQL store URL (" + why + "): " + mask(url));
  }
}
