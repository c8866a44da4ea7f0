package dev.trawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.impl.cookie.RFC6265StrictSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a cookie from cookies.txt goes, by the RFC 6265 matching HttpClient applies to each
 * request. Loopback has no subdomains, so the end-to-end tests cannot show the domain rules; this
 * does.
 */
class CookieMatchTest {
  private static final CookieSpec SPEC = new RFC6265StrictSpec();

  @ParameterizedTest(name = "{0} subdomains={1} path={2} secure={3} -> {4}{5} https={6}: {7}")
  @CsvSource(
      delimiter = '|',
      value = {
        // domain   | subdomains | path     | secure | host                | path       | https |
        // sent
        "example.com | TRUE      | /        | FALSE  | example.com         | /          | FALSE | true",
        "example.com | TRUE      | /        | FALSE  | img.example.com     | /          | FALSE | true",
        "example.com | TRUE      | /        | FALSE  | a.b.example.com     | /x         | FALSE | true",
        "example.com | FALSE     | /        | FALSE  | example.com         | /          | FALSE | true",
        "example.com | FALSE     | /        | FALSE  | img.example.com     | /          | FALSE | false",
        "example.com | TRUE      | /        | FALSE  | badexample.com      | /          | FALSE | false",
        "example.com | TRUE      | /        | FALSE  | example.com.evil.io | /          | FALSE | false",
        "example.com | TRUE      | /        | FALSE  | cdn.example.net     | /          | FALSE | false",
        "example.com | TRUE      | /        | TRUE   | img.example.com     | /          | FALSE | false",
        "example.com | TRUE      | /        | TRUE   | img.example.com     | /          | TRUE  | true",
        "example.com | TRUE      | /members | FALSE  | example.com         | /members/2 | FALSE | true",
        "example.com | TRUE      | /members | FALSE  | example.com         | /membersx  | FALSE | false",
        "example.com | TRUE      | /members | FALSE  | example.com         | /          | FALSE | false",
      })
  void aCookieGoesOnlyWhereItsDomainPathAndSecureFlagAllow(
      String domain,
      boolean subdomains,
      String cookiePath,
      boolean secure,
      String host,
      String path,
      boolean https,
      boolean sent) {
    BrowserCookie c =
        new BrowserCookie(
            domain,
            subdomains,
            cookiePath,
            secure,
            Instant.parse("2030-01-01T00:00:00Z"),
            "sid",
            Secret.of("s3cret"));
    CookieOrigin origin = new CookieOrigin(host, https ? 443 : 80, path, https);
    assertEquals(sent, SPEC.match(HttpFetcher.toClientCookie(c), origin));
  }
}
