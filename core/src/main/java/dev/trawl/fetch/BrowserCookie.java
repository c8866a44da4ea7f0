package dev.trawl.fetch;

import java.time.Instant;
import java.util.Locale;

/**
 * A cookie the user brought (cookies.txt, a Firefox profile). The value is a {@link Secret}, so
 * {@link #toString()} never shows it.
 *
 * @param domain the host, without a leading dot
 * @param includeSubdomains sent to the domain's subdomains too (a leading dot or TRUE in
 *     cookies.txt)
 * @param path the path prefix it is sent for
 * @param secure sent over https only
 * @param expires when it expires; null for a session cookie
 */
public record BrowserCookie(
    String domain,
    boolean includeSubdomains,
    String path,
    boolean secure,
    Instant expires,
    String name,
    Secret value) {
  public BrowserCookie {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("cookie without domain: " + name);
    }
    domain = domain.startsWith(".") ? domain.substring(1) : domain;
    domain = domain.toLowerCase(Locale.ROOT);
    path = path == null || path.isEmpty() ? "/" : path;
  }

  public boolean isExpired(Instant now) {
    return expires != null && !expires.isAfter(now);
  }
}
