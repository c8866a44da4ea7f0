package dev.trawl.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client of a crawl: Apache HttpClient 5 (classic, blocking) meant to be called from
 * virtual threads. Thread-safe. Redirects: at most 10, loops rejected, only http and https. Never
 * parses what it fetches.
 *
 * <p>Requests are shaped by {@link RequestOptions}: the user's headers (secret ones only to the
 * start URLs' hosts, dropped when a redirect leaves the host; see {@link RequestShaper}), cookies
 * (the user's and those sites set, in memory, each sent only where its domain, path and secure flag
 * allow: RFC 6265), proxies, trusted certificates and a cap on the crawl's bytes per second.
 *
 * <p>Timeouts: connect 10 s, idle read 30 s, and the whole request (including reading the body) 120
 * s by default, so a server trickling bytes cannot hold a slot forever.
 *
 * <p>Cancellation: interrupting the calling thread aborts a request blocked on the network (socket
 * I/O on virtual threads is interruptible); the connection is then discarded.
 */
public final class HttpFetcher implements AutoCloseable {
  /** Settings with their defaults. */
  public record Settings(
      String userAgent,
      int maxConnections,
      int maxPerHost,
      Duration connectTimeout,
      Duration readTimeout,
      Duration requestTimeout,
      int maxRedirects) {
    public Settings {
      if (userAgent == null || userAgent.isBlank()) {
        throw new IllegalArgumentException("blank user agent");
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
      }
      if (maxPerHost < 1) {
        throw new IllegalArgumentException("maxPerHost < 1: " + maxPerHost);
      }
    }

    public static Settings defaults(String userAgent) {
      return new Settings(
          userAgent,
          16,
          8,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(120),
          10);
    }
  }

  /** Reads an open response; the body is closed after it returns. */
  @FunctionalInterface
  public interface Handler<T> {
    T handle(Response response) throws IOException;
  }

  // One daemon thread aborts requests that outlive the whole-request timeout.
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager pool;
  private final Duration requestTimeout;
  private final List<ExtraHeader> plainHeaders;
  private final Proxies proxies;
  private final RateLimit rate;

  /** Plain requests: no extra headers or cookies of the user's, no proxy, the JDK's trust. */
  public HttpFetcher(Settings settings) {
    this(settings, RequestOptions.defaults(), Set.of());
  }

  /**
   * @param options how requests are shaped
   * @param secretHosts the hosts (the start URLs') that secret headers may go to
   */
  public HttpFetcher(Settings settings, RequestOptions options, Set<String> secretHosts) {
    this.requestTimeout = settings.requestTimeout();
    this.plainHeaders = options.headers().stream().filter(h -> !h.isSecret()).toList();
    this.proxies = options.proxies();
    this.rate = options.limitRate() > 0 ? new RateLimit(options.limitRate()) : null;
    ProxyRouting routing = new ProxyRouting(proxies);
    PoolingHttpClientConnectionManagerBuilder poolBuilder =
        routing.hasSocks()
            ? new PoolingHttpClientConnectionManagerBuilder() {
              @Override
              protected HttpClientConnectionOperator createConnectionOperator(
                  SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
                return new DefaultHttpClientConnectionOperator(
                    routing.sockets(),
                    ports,
                    routing.resolver(),
                    RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
              }
            }
            : PoolingHttpClientConnectionManagerBuilder.create();
    this.pool =
        poolBuilder
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
            .setMaxConnTotal(settings.maxConnections())
            .setMaxConnPerRoute(settings.maxPerHost())
            .setTlsSocketStrategy(new LazyTls(options.tls()))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                    .setSocketTimeout(Timeout.of(settings.readTimeout()))
                    .build())
            .build();
    BasicCookieStore cookies = new BasicCookieStore();
    for (BrowserCookie c : options.cookies()) {
      cookies.addCookie(toClientCookie(c));
    }
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setUserAgent(settings.userAgent())
            .setDefaultCookieStore(cookies)
            .disableAuthCaching()
            .disableAutomaticRetries()
            .addRequestInterceptorLast(new RequestShaper(options.headers(), secretHosts))
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setMaxRedirects(settings.maxRedirects())
                    .setCircularRedirectsAllowed(false)
                    .setRedirectsEnabled(true)
                    .build());
    if (!proxies.isEmpty()) {
      builder.setRoutePlanner(routing.routePlanner());
      builder.setDefaultCredentialsProvider(routing.credentials());
    }
    this.client = builder.build();
  }

  private static BasicClientCookie toClientCookie(BrowserCookie c) {
    BasicClientCookie k = new BasicClientCookie(c.name(), c.value().reveal());
    k.setDomain(c.domain());
    k.setPath(c.path());
    k.setSecure(c.secure());
    k.setAttribute(Cookie.PATH_ATTR, c.path());
    if (c.includeSubdomains()) {
      k.setAttribute(Cookie.DOMAIN_ATTR, c.domain()); // a Domain attribute: subdomains match
    }
    if (c.expires() != null) {
      k.setExpiryDate(c.expires());
    }
    return k;
  }

  /**
   * TLS set up on the first https connection: building the SSL context (the JDK's trust store) cost
   * every run about 60 ms, also crawls that never leave http.
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private final TlsTrust trust;
    private volatile TlsSocketStrategy tls;

    LazyTls(TlsTrust trust) {
      this.trust = trust;
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy t = tls;
      if (t == null) {
        tls = t = trust.strategy(); // two racing builds are harmless
      }
      return t.upgrade(socket, target, port, attachment, context);
    }
  }

  /**
   * GETs {@code url} and hands the response to {@code handler}, whatever its status.
   *
   * @param headers extra request headers (e.g. If-None-Match), may be empty
   * @param maxBytes the most body bytes the handler may read, after decompression
   * @throws IOException on network errors, or whatever the handler throws
   */
  public <T> T get(String url, Map<String, String> headers, long maxBytes, Handler<T> handler)
      throws IOException {
    URI uri = toUri(url);
    HttpGet request = new HttpGet(uri);
    headers.forEach(request::addHeader);
    for (ExtraHeader h : plainHeaders) {
      request.setHeader(h.name(), h.value());
    }
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(
        RequestShaper.FIRST_HOST,
        uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT));
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        DEADLINES.schedule(
            () -> {
              expired.set(true);
              request.cancel();
            },
            requestTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return client.execute(
          request,
          context,
          (ClassicHttpResponse r) -> {
            HttpEntity entity = r.getEntity();
            String finalUrl = finalUrl(uri, context);
            String type = header(r, "Content-Type");
            long length = entity == null ? 0 : entity.getContentLength();
            InputStream raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
            if (rate != null) {
              raw = rate.limit(raw);
            }
            try (InputStream body = new LimitedInputStream(raw, maxBytes, finalUrl)) {
              T result =
                  handler.handle(
                      new Response(
                          r.getCode(),
                          finalUrl,
                          type,
                          length,
                          header(r, "Retry-After"),
                          header(r, "ETag"),
                          header(r, "Last-Modified"),
                          body));
              if (entity != null && !entity.isStreaming()) {
                EntityUtils.consume(entity);
              }
              return result;
            }
          });
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // An interrupt closes the socket and surfaces as an I/O error: the caller is cancelled.
        request.cancel();
        throw e;
      }
      if (expired.get()) {
        throw new RequestTimeoutException(requestTimeout, url);
      }
      Proxies.Proxy proxy = proxies.select(uri.getScheme(), String.valueOf(uri.getHost()));
      if (proxy != null
          && e instanceof ConnectException
          && !(e instanceof ProxyUnreachableException)) {
        throw new ProxyUnreachableException(proxy.address(), e); // the proxy is what we connect to
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("trawl-deadlines").factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  private static String header(ClassicHttpResponse r, String name) {
    Header h = r.getFirstHeader(name);
    return h == null ? "" : h.getValue().trim();
  }

  private static String finalUrl(URI uri, HttpClientContext context) {
    var redirects = context.getRedirectLocations();
    if (redirects == null || redirects.size() == 0) {
      return uri.toString();
    }
    List<URI> all = redirects.getAll();
    return all.get(all.size() - 1).toString();
  }

  private static URI toUri(String url) throws IOException {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IOException("unsupported scheme: " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IOException("bad URL: " + url, e);
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
    pool.close();
  }
}
