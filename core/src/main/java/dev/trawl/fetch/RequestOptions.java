package dev.trawl.fetch;

import java.util.List;

/**
 * How requests are shaped for sites that want more than a bare GET. All defaults live in {@link
 * #defaults()}. Its {@code toString} shows no secret.
 *
 * @param referer which Referer each request carries (default {@link RefererPolicy#AUTO})
 * @param headers extra headers for every request; secret ones only for the start URLs' hosts
 *     (default none)
 * @param cookies cookies the user brought, sent where their domain, path and secure flag allow
 *     (default none); cookies sites set are kept in memory for the run
 * @param proxies which proxy each request goes through (default {@link Proxies#direct()})
 * @param tls which certificates are trusted (default the JDK's trust store)
 * @param limitRate the most body bytes per second of the whole crawl; 0 (default) for no cap
 */
public record RequestOptions(
    RefererPolicy referer,
    List<ExtraHeader> headers,
    List<BrowserCookie> cookies,
    Proxies proxies,
    TlsTrust tls,
    long limitRate) {
  public RequestOptions {
    headers = List.copyOf(headers);
    cookies = List.copyOf(cookies);
    if (limitRate < 0) {
      throw new IllegalArgumentException("limit-rate < 0: " + limitRate);
    }
  }

  /** Referer auto, no extra headers or cookies, no proxy, the JDK's trust store, no rate cap. */
  public static RequestOptions defaults() {
    return new RequestOptions(
        RefererPolicy.AUTO, List.of(), List.of(), Proxies.direct(), TlsTrust.defaults(), 0);
  }

  public RequestOptions withReferer(RefererPolicy r) {
    return new RequestOptions(r, headers, cookies, proxies, tls, limitRate);
  }

  public RequestOptions withHeaders(List<ExtraHeader> h) {
    return new RequestOptions(referer, h, cookies, proxies, tls, limitRate);
  }

  public RequestOptions withCookies(List<BrowserCookie> c) {
    return new RequestOptions(referer, headers, c, proxies, tls, limitRate);
  }

  public RequestOptions withProxies(Proxies p) {
    return new RequestOptions(referer, headers, cookies, p, tls, limitRate);
  }

  public RequestOptions withTls(TlsTrust t) {
    return new RequestOptions(referer, headers, cookies, proxies, t, limitRate);
  }

  public RequestOptions withLimitRate(long bytesPerSecond) {
    return new RequestOptions(referer, headers, cookies, proxies, tls, bytesPerSecond);
  }
}
