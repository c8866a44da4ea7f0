package dev.trawl.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A generated picture gallery shaped like the seed article's target, served over HTTP/1.1 on
 * loopback: listing pages at {@code /picture/lists/p/1..N}, each with {@code div.workimage > a >
 * img[data-original=/uploads/thumb_ID.jpg]}, full-size JPEGs at {@code /uploads/thumbMid_ID.jpg},
 * an {@code a.next} pager and a robots.txt.
 *
 * <p>Everything served is a pure function of the builder's settings: the same seed gives the same
 * ids, pages and image bytes. Pictures are rendered on first request and cached for the gallery's
 * life (about 35 KB per work at the default size). Every request waits {@link Builder#latency} on
 * its own virtual thread before it is answered, so concurrent clients overlap their waits.
 *
 * <p>Thread-safe. {@link #close()} stops the server and frees the port.
 *
 * <p>Loading this class sets the JVM-wide property {@code sun.net.httpserver.nodelay=true} unless
 * it is already set: without it every image response stalls ~40 ms on delayed ACKs. The JDK reads
 * it once, when the first {@code HttpServer} in the JVM starts.
 *
 * <pre>{@code
 * try (DemoGallery gallery = DemoGallery.builder().latency(Duration.ZERO).start()) {
 *   crawl(gallery.listingTemplate()); // http://127.0.0.1:PORT/picture/lists/p/{1..16}
 * }
 * }</pre>
 */
public final class DemoGallery implements AutoCloseable {
  private static final int BACKLOG = 1024;
  private static final int MAX_WORKS = 1_000_000;
  private static final int THUMB_WIDTH = 120;
  private static final String HTML = "text/html; charset=utf-8";
  // IMF-fixdate (RFC 9110): always two-digit days, unlike RFC_1123_DATE_TIME.
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final byte[] LOADING_GIF =
      HexFormat.of()
          .parseHex(
              "47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b");
  private static final byte[] ROBOTS_TXT =
      "User-agent: *\nDisallow: /admin/\n".getBytes(StandardCharsets.UTF_8);

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes can stall ~40 ms on
    // delayed ACKs; respect an explicit setting.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private enum State {
    RUNNING,
    CLOSED
  }

  private final int pages;
  private final int worksPerPage;
  private final Duration latency;
  private final long seed;
  private final int width;
  private final int height;
  private final int thumbWidth;
  private final int thumbHeight;
  private final List<String> ids;
  private final Map<String, Integer> positions;
  private final AtomicReferenceArray<Listing> listings;
  private final ConcurrentHashMap<String, FutureTask<byte[]>> pictures = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUri;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

  private final AtomicLong requests = new AtomicLong();
  private final ConcurrentHashMap<String, LongAdder> requestsByPath = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private DemoGallery(Builder builder) throws IOException {
    this.pages = builder.pages;
    this.worksPerPage = builder.worksPerPage;
    this.latency = builder.latency;
    this.seed = builder.seed;
    this.width = builder.width;
    this.height = builder.height;
    this.thumbWidth = Math.min(THUMB_WIDTH, width);
    this.thumbHeight = Math.max(1, (int) Math.round((double) height * thumbWidth / width));
    this.ids = WorkIds.generate(seed, pages, worksPerPage);
    Map<String, Integer> index = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    this.positions = Map.copyOf(index);
    this.listings = new AtomicReferenceArray<>(pages + 1);

    this.server = HttpServer.create(new InetSocketAddress(builder.host, builder.port), BACKLOG);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String host = builder.host.indexOf(':') >= 0 ? "[" + builder.host + "]" : builder.host;
    this.baseUri = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/");
  }

  /** Returns a builder with the defaults: 16 pages of 12 works, 50 ms latency, a free port. */
  public static Builder builder() {
    return new Builder();
  }

  /** The root of the site, e.g. {@code http://127.0.0.1:PORT/}. */
  public URI baseUri() {
    return baseUri;
  }

  /** The absolute URL of listing page {@code page} (not checked against the page count). */
  public String listingUrl(int page) {
    return baseUri + "picture/lists/p/" + page;
  }

  /** The listing pages as a trawl URL template: {@code BASE/picture/lists/p/{1..N}}. */
  public String listingTemplate() {
    return baseUri + "picture/lists/p/{1.." + pages + "}";
  }

  /** Every work id in page order, {@code pages * worksPerPage} of them; stable for a seed. */
  public List<String> workIds() {
    return ids;
  }

  /**
   * The bytes served at {@code /uploads/thumbMid_ID.jpg}: a JPEG of the configured size. Rendered
   * once and cached; the returned array is shared, do not modify it.
   *
   * @throws IllegalArgumentException if {@code id} is not one of {@link #workIds()}
   */
  public byte[] fullImage(String id) {
    checkId(id);
    return picture(id, true);
  }

  /**
   * The bytes served at {@code /uploads/thumb_ID.jpg}: a small JPEG (120 pixels wide at most) of
   * the same picture. Rendered once and cached; the returned array is shared, do not modify it.
   *
   * @throws IllegalArgumentException if {@code id} is not one of {@link #workIds()}
   */
  public byte[] thumbnail(String id) {
    checkId(id);
    return picture(id, false);
  }

  /**
   * Renders every picture now, on all cores, so that timing a crawl measures the crawl rather than
   * the gallery's first renders.
   *
   * @return this gallery
   */
  public DemoGallery prerender() {
    int cores = Runtime.getRuntime().availableProcessors();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(cores)) {
      for (String id : ids) {
        pool.submit(() -> picture(id, true));
        pool.submit(() -> picture(id, false));
      }
    }
    return this;
  }

  /** Requests received since start or the last {@link #resetCounters()}, any path or status. */
  public long requestCount() {
    return requests.get();
  }

  /** Requests received for one exact raw path without query, e.g. {@code "/robots.txt"}. */
  public long requestCount(String path) {
    LongAdder count = requestsByPath.get(path);
    return count == null ? 0 : count.sum();
  }

  /** The most requests handled at once: from arrival until the answer starts going out. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Zeroes the request counts; the in-flight high-water mark restarts from the current load. */
  public void resetCounters() {
    requests.set(0);
    requestsByPath.clear();
    maxInFlight.set(inFlight.get());
  }

  /** Stops the server, interrupting requests still waiting, and frees the port. Idempotent. */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.CLOSED)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    executor.close();
  }

  @Override
  public String toString() {
    return "DemoGallery[" + baseUri + ", " + pages + "x" + worksPerPage + ", " + state.get() + "]";
  }

  private void checkId(String id) {
    if (!positions.containsKey(id)) {
      throw new IllegalArgumentException("unknown work id: " + id);
    }
  }

  // One FutureTask per picture: concurrent requests for the same id wait for a single render,
  // requests for different ids render in parallel.
  private byte[] picture(String id, boolean full) {
    String key = (full ? "M" : "T") + id;
    FutureTask<byte[]> task = pictures.get(key);
    if (task == null) {
      long sceneSeed = WorkIds.mix(seed ^ Long.parseLong(id, 16));
      Callable<byte[]> render =
          full
              ? () -> PictureRenderer.render(sceneSeed, width, height, true)
              : () -> PictureRenderer.render(sceneSeed, thumbWidth, thumbHeight, false);
      FutureTask<byte[]> created = new FutureTask<>(render);
      task = pictures.putIfAbsent(key, created);
      if (task == null) {
        task = created;
        created.run();
      }
    }
    return getUninterruptibly(task);
  }

  // Waits are one render long at most; keep the interrupt for the caller to see.
  private static byte[] getUninterruptibly(FutureTask<byte[]> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("rendering failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void handle(HttpExchange exchange) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    String path = exchange.getRequestURI().getRawPath();
    requestsByPath.computeIfAbsent(path, p -> new LongAdder()).increment();
    boolean counted = true;
    try {
      if (!latency.isZero()) {
        Thread.sleep(latency);
      }
      Response response;
      try {
        response = route(exchange.getRequestMethod(), path, exchange.getRequestHeaders());
      } catch (RuntimeException e) {
        response = Response.html(500, GalleryPages.error(500, "Internal Server Error"));
      }
      // Out of flight before the answer leaves: a client that has read it may start its next
      // request at once, and must not be counted against this one still closing here.
      inFlight.decrementAndGet();
      counted = false;
      send(exchange, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: drop the exchange
    } catch (IOException e) {
      // the client went away; nothing to tell it
    } finally {
      exchange.close();
      if (counted) {
        inFlight.decrementAndGet();
      }
    }
  }

  private Response route(String method, String path, Headers request) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Response.html(405, GalleryPages.error(405, "Method Not Allowed"))
          .with("Allow", "GET, HEAD");
    }
    if (path.equals("/")) {
      return Response.html(200, GalleryPages.index(pages, worksPerPage));
    }
    if (path.equals("/robots.txt")) {
      return new Response(200, "text/plain; charset=utf-8", ROBOTS_TXT, Map.of());
    }
    if (path.equals("/static/loading.gif")) {
      return new Response(200, "image/gif", LOADING_GIF, Map.of());
    }
    String rest;
    if ((rest = suffix(path, "/picture/lists/p/")) != null) {
      int page = parsePage(rest);
      if (page >= 1 && page <= pages) {
        return listingResponse(page, request);
      }
    } else if ((rest = suffix(path, "/picture/works/")) != null) {
      Integer position = positions.get(rest);
      if (position != null) {
        return Response.html(200, GalleryPages.work(rest, position / worksPerPage + 1));
      }
    } else if ((rest = suffix(path, "/uploads/thumbMid_")) != null) {
      String id = stripJpg(rest);
      if (positions.containsKey(id)) {
        return new Response(200, "image/jpeg", picture(id, true), Map.of());
      }
    } else if ((rest = suffix(path, "/uploads/thumb_")) != null) {
      String id = stripJpg(rest);
      if (positions.containsKey(id)) {
        return new Response(200, "image/jpeg", picture(id, false), Map.of());
      }
    }
    return Response.html(404, GalleryPages.notFound(path));
  }

  private Response listingResponse(int page, Headers request) {
    Listing listing = listings.get(page);
    if (listing == null) {
      // Rendering is pure, so a rare duplicate render under a race is harmless.
      int from = (page - 1) * worksPerPage;
      byte[] body = GalleryPages.listing(page, pages, ids.subList(from, from + worksPerPage));
      Instant modified = Instant.ofEpochSecond(WorkIds.uploadedAt(ids.get(from)));
      listing = new Listing(body, etag(body), modified);
      listings.set(page, listing);
    }
    Map<String, String> headers =
        Map.of(
            "ETag",
            listing.etag(),
            "Last-Modified",
            HTTP_DATE.format(listing.modified().atOffset(ZoneOffset.UTC)));
    if (listing.notModifiedFor(request)) {
      return new Response(304, null, new byte[0], headers);
    }
    return new Response(200, HTML, listing.body(), headers);
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Server", "trawl-demo");
    if (response.contentType() != null) {
      headers.set("Content-Type", response.contentType());
    }
    response.headers().forEach(headers::set);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (response.status() == 304 || head) {
      if (head && response.status() != 304) {
        headers.set("Content-Length", Integer.toString(response.body().length));
      }
      exchange.sendResponseHeaders(response.status(), -1); // -1: no body follows
      return;
    }
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }

  private static String suffix(String path, String prefix) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
  }

  private static String stripJpg(String name) {
    return name.endsWith(".jpg") ? name.substring(0, name.length() - 4) : "";
  }

  /** A canonical positive page number, or -1: no signs, no leading zeros, no overflow. */
  private static int parsePage(String text) {
    if (text.isEmpty() || text.length() > 9 || text.charAt(0) == '0') {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(text);
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  private record Response(
      int status, String contentType, byte[] body, Map<String, String> headers) {
    static Response html(int status, byte[] body) {
      return new Response(status, HTML, body, Map.of());
    }

    Response with(String name, String value) {
      Map<String, String> more = new HashMap<>(headers);
      more.put(name, value);
      return new Response(status, contentType, body, more);
    }
  }

  private record Listing(byte[] body, String etag, Instant modified) {
    /** RFC 9110: If-None-Match (weak comparison) wins over If-Modified-Since. */
    boolean notModifiedFor(Headers request) {
      List<String> noneMatch = request.get("If-None-Match");
      if (noneMatch != null) {
        for (String tag : String.join(",", noneMatch).split(",")) {
          String trimmed = tag.trim();
          if (trimmed.startsWith("W/")) {
            trimmed = trimmed.substring(2);
          }
          if (trimmed.equals("*") || trimmed.equals(etag)) {
            return true;
          }
        }
        return false;
      }
      String since = request.getFirst("If-Modified-Since");
      if (since == null) {
        return false;
      }
      try {
        Instant then = ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return !modified.isAfter(then);
      } catch (DateTimeParseException e) {
        return false; // an unparseable date is ignored, as RFC 9110 says
      }
    }
  }

  /** Configures a {@link DemoGallery}. Not thread-safe; {@link #start()} may be called again. */
  public static final class Builder {
    private int pages = 16;
    private int worksPerPage = 12;
    private Duration latency = Duration.ofMillis(50);
    private int port = 0;
    private String host = "127.0.0.1";
    private int width = 480;
    private int height = 360;
    private long seed = 0x5ae3e05fd3945L;

    private Builder() {}

    /** Number of listing pages, default 16. */
    public Builder pages(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("pages < 1: " + n);
      }
      this.pages = n;
      return this;
    }

    /** Works on each listing page, default 12. */
    public Builder worksPerPage(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("worksPerPage < 1: " + n);
      }
      this.worksPerPage = n;
      return this;
    }

    /** Delay before every response, default 50 ms; {@link Duration#ZERO} answers at once. */
    public Builder latency(Duration d) {
      Objects.requireNonNull(d, "latency == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException("latency < 0: " + d);
      }
      this.latency = d;
      return this;
    }

    /** Port to listen on, default 0: a free port chosen by the system. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Address to bind, default {@code "127.0.0.1"}. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host == null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank: \"" + host + "\"");
      }
      this.host = host;
      return this;
    }

    /** Full-size picture dimensions, default 480x360; thumbnails are 120 pixels wide at most. */
    public Builder imageSize(int width, int height) {
      if (width < 1 || height < 1) {
        throw new IllegalArgumentException("image size < 1x1: " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** Seed for ids and pictures; the same seed serves the same bytes. Has a fixed default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if pages * worksPerPage exceeds 1,000,000
     */
    public DemoGallery start() throws IOException {
      long works = (long) pages * worksPerPage;
      if (works > MAX_WORKS) {
        throw new IllegalArgumentException("pages * worksPerPage > " + MAX_WORKS + ": " + works);
      }
      return new DemoGallery(this);
    }
  }
}
