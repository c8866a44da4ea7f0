package dev.trawl.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.CookieSpecSupport;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RequestAddCookies;
import org.apache.hc.client5.http.protocol.RequestClientConnControl;
import org.apache.hc.client5.http.protocol.ResponseProcessCookies;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client of a crawl: Apache HttpClient 5 (classic, blocking) meant to be called from
 * virtual threads. Thread-safe. Redirects: at most 10, loops rejected, only http and https, each
 * hop checked by the caller (robots.txt). Never parses what it fetches. A response the caller
 * rejects is abandoned at once (the connection aborted).
 *
 * <p>Requests are shaped by {@link RequestOptions}: the user's headers (secret ones only to the
 * start URLs' hosts, dropped once a redirect left the host; see {@link RequestShaper}), cookies
 * (the user's and those sites set, in memory, each sent only where its domain, path and secure flag
 * allow: RFC 6265), proxies, trusted certificates and a cap on the crawl's bytes per second.
 *
 * <p>Two paths over one connection pool: a request that goes to its host directly (or through a
 * SOCKS proxy) is a {@link DirectGet}, sent without HttpClient's exec chain (about a tenth less CPU
 * per picture); one that goes through an http or https proxy takes the full chain, which does the
 * proxy's CONNECT tunnel and authentication. Both shape requests with the same interceptors. {@code
 * -Dtrawl.http=classic} sends everything through the chain (for measuring).
 *
 * <p>Timeouts: connect 10 s, idle read 30 s, and the whole request (including reading the body) 120
 * s by default, so a server trickling bytes cannot hold a slot forever. The last two are kept by a
 * {@link RequestDeadline} per request, not by socket timeouts.
 *
 * <p>A handler that throws abandons the exchange: the rest of the body is not read and the
 * connection is closed, not reused.
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

  // One daemon thread aborts requests that pass their time limits (see RequestDeadline).
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager pool;
  // A redirect's body up to this size is drained so its connection can be reused.
  private static final long SMALL_BODY = 8 * 1024;

  // The lean path (DirectGet) unless -Dtrawl.http=classic asks for HttpClient's exec chain.
  private static final boolean DIRECT = !"classic".equals(System.getProperty("trawl.http"));

  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final Timeout leaseTimeout;
  private final BasicCookieStore cookies;
  private final Lookup<CookieSpecFactory> cookieSpecs;
  private final HttpProcessor lean;
  private final int maxRedirects;
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
    this.readTimeout = settings.readTimeout();
    this.leaseTimeout = Timeout.of(settings.requestTimeout());
    this.maxRedirects = settings.maxRedirects();
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
                    // idle reads are timed by RequestDeadline (the classic chain: see below)
                    .setSocketTimeout(Timeout.DISABLED)
                    .build())
            .build();
    this.cookies = new BasicCookieStore();
    for (BrowserCookie c : options.cookies()) {
      cookies.addCookie(toClientCookie(c));
    }
    this.cookieSpecs = CookieSpecSupport.createDefault();
    RequestShaper shaper = new RequestShaper(options.headers(), secretHosts);
    // What the exec chain's protocol step does for a direct route, in the same order.
    this.lean =
        HttpProcessorBuilder.create()
            .add(new RequestTargetHost())
            .add(new RequestClientConnControl())
            .add(new RequestUserAgent(settings.userAgent()))
            .add(RequestAddCookies.INSTANCE)
            .add(shaper)
            .add(ResponseProcessCookies.INSTANCE)
            .build();
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setUserAgent(settings.userAgent())
            .setDefaultCookieStore(cookies)
            .setDefaultCookieSpecRegistry(cookieSpecs)
            .disableAuthCaching()
            .disableAutomaticRetries()
            .addRequestInterceptorLast(shaper)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false) // followed in get(), each hop checked
                    .setResponseTimeout(Timeout.of(settings.readTimeout())) // proxied: socket
                    .build());
    if (!proxies.isEmpty()) {
      builder.setRoutePlanner(routing.routePlanner());
      builder.setDefaultCredentialsProvider(routing.credentials());
    }
    this.client = builder.build();
  }

  static BasicClientCookie toClientCookie(BrowserCookie c) {
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

  /** Checks a redirect target before it is requested; throws to refuse it. */
  @FunctionalInterface
  public interface HopCheck {
    /** Allows every hop. */
    HopCheck NONE = url -> {};

    void check(String url) throws IOException;
  }

  /**
   * GETs {@code url} following redirects unchecked; see {@link #get(String, Map, long, HopCheck,
   * Handler)}.
   */
  public <T> T get(String url, Map<String, String> headers, long maxBytes, Handler<T> handler)
      throws IOException {
    return get(url, headers, maxBytes, HopCheck.NONE, handler);
  }

  /**
   * GETs {@code url} and hands the final response to {@code handler}, whatever its status.
   * Redirects (301, 302, 303, 307, 308) are followed here, each target passed to {@code hops}
   * before it is requested; {@code headers} go only to the first URL's origin, except a Referer,
   * which stays with every hop (never from https to http).
   *
   * <p>An exchange the handler did not read to its end (it threw, or returned early) is abandoned:
   * the connection is aborted, never drained, so a rejected endless body costs nothing more. A body
   * whose Content-Length is above {@code maxBytes} fails on its first read, before any byte is
   * read.
   *
   * @param headers extra request headers (e.g. If-None-Match), may be empty
   * @param maxBytes the most body bytes the handler may read, after decompression
   * @throws IOException on network errors, a refused hop, or whatever the handler throws
   */
  public <T> T get(
      String url, Map<String, String> headers, long maxBytes, HopCheck hops, Handler<T> handler)
      throws IOException {
    URI first = toUri(url);
    RequestDeadline deadline = new RequestDeadline(DEADLINES, requestTimeout, readTimeout);
    // The handler's own verdict (a status, a size, a sniff): never mistaken for a timeout.
    AtomicReference<IOException> verdict = new AtomicReference<>();
    Set<URI> visited = new HashSet<>();
    visited.add(first);
    URI uri = first;
    boolean stayed = true; // no hop has left the first URL's host yet
    try {
      for (int hop = 0; ; hop++) {
        ClassicHttpRequest request =
            DIRECT && !viaHttpProxy(uri) ? new DirectGet(uri) : new HttpGet(uri);
        if (sameOrigin(uri, first)) {
          headers.forEach(request::addHeader);
        } else if (headers.containsKey("Referer")) {
          request.addHeader("Referer", headers.get("Referer"));
        }
        for (ExtraHeader h : plainHeaders) {
          request.setHeader(h.name(), h.value());
        }
        stayed &= uri.getHost().equalsIgnoreCase(first.getHost());
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(RequestShaper.SECRETS_ALLOWED, stayed);
        deadline.watch((Cancellable) request);
        if (deadline.expired()) {
          throw deadline.failure(url);
        }
        URI at = uri;
        Object answer;
        if (request instanceof DirectGet call) {
          context.setCookieStore(cookies);
          context.setCookieSpecRegistry(cookieSpecs);
          ClassicHttpResponse r = call.execute(pool, lean, context, leaseTimeout, deadline);
          try {
            answer = exchange(call, r, at, maxBytes, handler, deadline, verdict);
          } finally {
            deadline.waiting(); // a small unread rest is drained
            call.release(context);
            deadline.arrived();
          }
        } else {
          HttpGet get = (HttpGet) request;
          answer =
              client.execute(
                  get,
                  context,
                  (ClassicHttpResponse r) ->
                      exchange(get, r, at, maxBytes, handler, deadline, verdict));
        }
        if (!(answer instanceof Hop next)) {
          @SuppressWarnings("unchecked")
          T result = (T) answer;
          return result;
        }
        if (hop >= maxRedirects) {
          throw new ClientProtocolException(
              new RedirectException("Maximum redirects (" + maxRedirects + ") exceeded"));
        }
        if (!visited.add(next.location())) {
          throw new ClientProtocolException(
              new CircularRedirectException("Circular redirect to '" + next.location() + "'"));
        }
        hops.check(next.location().toString());
        uri = next.location();
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // An interrupt closes the socket and surfaces as an I/O error: the caller is cancelled.
        deadline.cancelExchange();
        throw e;
      }
      if (e != verdict.get() && deadline.expired()) {
        throw deadline.failure(url);
      }
      Proxies.Proxy proxy = proxies.select(uri.getScheme(), String.valueOf(uri.getHost()));
      if (proxy != null
          && e instanceof ConnectException
          && !(e instanceof ProxyUnreachableException)) {
        throw new ProxyUnreachableException(proxy.address(), e); // the proxy is what we connect to
      }
      throw e;
    } finally {
      deadline.stop();
    }
  }

  /** A redirect to follow. */
  private record Hop(URI location) {}

  /**
   * One response: a redirect to follow, or the handler's result. Every way out that leaves body
   * bytes unread aborts the connection: this is the one place an exchange is abandoned.
   */
  private <T> Object exchange(
      Cancellable request,
      ClassicHttpResponse r,
      URI uri,
      long maxBytes,
      Handler<T> handler,
      RequestDeadline deadline,
      AtomicReference<IOException> verdict)
      throws IOException {
    deadline.arrived(); // the head
    HttpEntity entity = r.getEntity();
    long length = entity == null ? 0 : entity.getContentLength();
    URI location = redirectTarget(r, uri);
    if (location != null) {
      if (length < 0 || length > SMALL_BODY) {
        request.cancel(); // a redirect's body is never read; a small one keeps the connection
      }
      return new Hop(location);
    }
    String finalUrl = uri.toString();
    InputStream raw =
        entity == null ? InputStream.nullInputStream() : deadline.timed(entity.getContent());
    if (rate != null) {
      raw = rate.limit(raw);
    }
    LimitedInputStream body = new LimitedInputStream(raw, maxBytes, length, finalUrl);
    boolean readToEnd = false;
    try {
      T result =
          handler.handle(
              new Response(
                  r.getCode(),
                  finalUrl,
                  header(r, "Content-Type"),
                  length,
                  header(r, "Retry-After"),
                  header(r, "ETag"),
                  header(r, "Last-Modified"),
                  body));
      readToEnd = entity == null || length == 0 || body.atEnd();
      return result;
    } catch (IOException e) {
      if (!deadline.expired()) {
        verdict.compareAndSet(null, e); // not the deadline's abort: the handler's own failure
      }
      throw e;
    } finally {
      if (readToEnd) {
        body.close();
      } else {
        request.cancel(); // abandon: abort the connection, never drain what was not wanted
        closeAbandoned(body);
      }
    }
  }

  /** Closes the body of an aborted exchange: its socket is gone, so closing may fail; no matter. */
  private static void closeAbandoned(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // the connection was aborted on purpose
    }
  }

  /** The Location of a followable redirect, resolved against {@code uri}; null otherwise. */
  private static URI redirectTarget(ClassicHttpResponse r, URI uri) throws IOException {
    int status = r.getCode();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return null;
    }
    String location = header(r, "Location");
    if (location.isEmpty()) {
      return null;
    }
    URI target;
    try {
      target = uri.resolve(new URI(location)).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ClientProtocolException("bad URL: redirect to " + location, e);
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new UnsupportedSchemeException("unsupported scheme: redirect to " + target);
    }
    if (target.getHost() == null) {
      throw new ClientProtocolException("bad URL: redirect to " + location);
    }
    if (target.getRawFragment() != null) {
      String t = target.toString();
      target = URI.create(t.substring(0, t.indexOf('#')));
    }
    return target;
  }

  /** True when an http or https proxy carries requests to {@code uri} (SOCKS is below HTTP). */
  private boolean viaHttpProxy(URI uri) {
    Proxies.Proxy p = proxies.select(uri.getScheme(), uri.getHost());
    return p != null && !p.kind().isSocks();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
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
