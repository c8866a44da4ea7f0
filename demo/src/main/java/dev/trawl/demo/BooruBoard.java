package dev.trawl.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;

/**
 * A booru-shaped image board for tests, shaped like Danbooru's markup: a board host with listing
 * pages ({@code /posts?page=N}: {@code article.post-preview > div.post-preview-container >
 * a.post-preview-link[href=/posts/ID] > picture > img.post-preview-image}, thumbnails only, and a
 * {@code a.paginator-next[rel=next]} pager), work pages ({@code /posts/ID}: a sample in {@code
 * img#image}, the original behind {@code li#post-option-download > a[download]}) and the JSON API
 * ({@code /posts.json?page=N}: an array of posts with {@code file_url}, {@code []} after the last
 * page); and a picture host on another address ({@code 127.0.0.2} by default) serving {@code
 * /original/..}, {@code /sample/..} and {@code /180x180/..}. Originals are PNG for even ids and
 * JPEG for odd ones, so no rewrite of a thumbnail URL reaches them.
 *
 * <p>{@code /file/ID} on the board answers with the original itself, under a URL without an
 * extension. The board also publishes image sitemaps: {@code /sitemap.xml} (work pages with their
 * originals as {@code image:loc}), the same gzipped at {@code /sitemap.xml.gz}, and an index {@code
 * /sitemap_index.xml} over {@code /sitemaps/posts-1.xml} and {@code /sitemaps/posts-2.xml.gz} (the
 * posts split in two); robots.txt names the index in a {@code Sitemap:} line.
 *
 * <p>Everything served is a pure function of the settings, so a second board with the same settings
 * serves the same bytes (a crawl can resume against it). Thread-safe; {@link #close()} stops both
 * servers.
 */
public final class BooruBoard implements AutoCloseable {
  private static final String HTML = "text/html; charset=utf-8";

  private final int posts;
  private final int perPage;
  private final Duration latency;
  private final int holdWorkPagesAfter;
  private final HttpServer board;
  private final HttpServer cdn;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final AtomicInteger workPagesServed = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);
  private final String boardUrl;
  private final String cdnUrl;

  private BooruBoard(Builder b) throws IOException {
    this.posts = b.posts;
    this.perPage = b.perPage;
    this.latency = b.latency;
    this.holdWorkPagesAfter = b.holdWorkPagesAfter;
    this.board = HttpServer.create(new InetSocketAddress(b.boardHost, b.boardPort), 256);
    this.cdn = HttpServer.create(new InetSocketAddress(b.cdnHost, b.cdnPort), 256);
    board.setExecutor(executor);
    cdn.setExecutor(executor);
    board.createContext("/", e -> handle(e, true));
    cdn.createContext("/", e -> handle(e, false));
    board.start();
    try {
      cdn.start();
    } catch (RuntimeException e) {
      board.stop(0);
      throw e;
    }
    this.boardUrl = "http://" + b.boardHost + ":" + board.getAddress().getPort();
    this.cdnUrl = "http://" + b.cdnHost + ":" + cdn.getAddress().getPort();
  }

  /** 12 posts, 5 per page, no latency, the board on 127.0.0.1 and pictures on 127.0.0.2. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://HOST:PORT} + {@code path} on the board. */
  public String url(String path) {
    return boardUrl + path;
  }

  /** {@code http://HOST:PORT} + {@code path} on the picture host. */
  public String cdnUrl(String path) {
    return cdnUrl + path;
  }

  /** The listing pages as a template: {@code http://HOST:PORT/posts?page={1..N}}. */
  public String listingTemplate() {
    return url("/posts?page={1.." + pages() + "}");
  }

  /** How many listing pages there are. */
  public int pages() {
    return (posts + perPage - 1) / perPage;
  }

  /** The post ids, newest first, as listed. */
  public List<Integer> ids() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < posts; i++) {
      ids.add(idAt(i));
    }
    return ids;
  }

  /** The post's original file name: its md5 and its extension ({@code png} or {@code jpg}). */
  public String originalName(int id) {
    return md5(id) + "." + ext(id);
  }

  /** The original's URL on the picture host. */
  public String originalUrl(int id) {
    String md5 = md5(id);
    return cdnUrl(
        "/original/" + md5.substring(0, 2) + "/" + md5.substring(2, 4) + "/" + md5 + "." + ext(id));
  }

  /** The original's bytes. */
  public byte[] original(int id) {
    return picture(ext(id), "original " + id);
  }

  /**
   * Requests on either host for {@code pathAndQuery}: a path alone counts every query, a path with
   * a query only that one.
   */
  public long requestCount(String pathAndQuery) {
    LongAdder n = requests.get(pathAndQuery);
    return n == null ? 0 : n.sum();
  }

  /** The board's port. */
  public int boardPort() {
    return board.getAddress().getPort();
  }

  /** The picture host's port. */
  public int cdnPort() {
    return cdn.getAddress().getPort();
  }

  /** Requests for work pages ({@code /posts/ID}) answered so far. */
  public int workPagesServed() {
    return workPagesServed.get();
  }

  /**
   * Waits until a work page request is held (see {@link Builder#holdWorkPagesAfter}).
   *
   * @return false when none was held in time
   */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    release.countDown();
    board.stop(0);
    cdn.stop(0);
    executor.shutdownNow();
  }

  private int idAt(int index) {
    return 1000 + posts - index;
  }

  private boolean known(int id) {
    return id > 1000 && id <= 1000 + posts;
  }

  private static String ext(int id) {
    return id % 2 == 0 ? "png" : "jpg";
  }

  static String md5(int id) {
    try {
      byte[] d =
          MessageDigest.getInstance("MD5").digest(("post " + id).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has MD5
    }
  }

  /** A small file with the right magic bytes, unique per {@code label}. */
  private static byte[] picture(String ext, String label) {
    byte[] text = (label + "\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (ext.equals("png")) {
      out.writeBytes(HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452"));
      out.writeBytes(text);
    } else {
      out.writeBytes(HexFormat.of().parseHex("ffd8ffe000104a464946000101"));
      out.writeBytes(text);
      out.writeBytes(HexFormat.of().parseHex("ffd9"));
    }
    return out.toByteArray();
  }

  private void handle(HttpExchange exchange, boolean onBoard) {
    String query = exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getRawPath();
    requests.computeIfAbsent(path, k -> new LongAdder()).increment();
    if (query != null) {
      requests.computeIfAbsent(path + "?" + query, k -> new LongAdder()).increment();
    }
    try (exchange) {
      if (!latency.isZero()) {
        Thread.sleep(latency);
      }
      Reply reply = onBoard ? board(path, query) : cdn(path);
      exchange.getResponseHeaders().set("Content-Type", reply.type);
      exchange.sendResponseHeaders(reply.status, reply.body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } catch (IOException e) {
      // the client went away
    }
  }

  private record Reply(int status, String type, byte[] body) {
    static Reply of(int status, String type, String body) {
      return new Reply(status, type, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Reply board(String path, String query) throws InterruptedException {
    int page = page(query);
    switch (path) {
      case "/robots.txt":
        return Reply.of(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /admin/\nSitemap: " + url("/sitemap_index.xml") + "\n");
      case "/posts":
        return page >= 1 && page <= pages()
            ? Reply.of(200, HTML, listing(page))
            : Reply.of(200, HTML, listing(page, List.of()));
      case "/posts.json":
        return Reply.of(200, "application/json; charset=utf-8", json(page));
      case "/sitemap.xml":
        return Reply.of(200, "application/xml", sitemap(ids()));
      case "/sitemap.xml.gz":
        return new Reply(200, "application/gzip", gzip(sitemap(ids())));
      case "/sitemap_index.xml":
        return Reply.of(200, "application/xml", sitemapIndex());
      case "/sitemaps/posts-1.xml":
        return Reply.of(200, "application/xml", sitemap(ids().subList(0, posts / 2)));
      case "/sitemaps/posts-2.xml.gz":
        return new Reply(200, "application/x-gzip", gzip(sitemap(ids().subList(posts / 2, posts))));
      default:
        break;
    }
    if (path.startsWith("/file/")) {
      // a picture under a URL without an extension, as some boards' download links are
      int id = number(path.substring("/file/".length()));
      if (known(id)) {
        return new Reply(200, "image/" + (ext(id).equals("png") ? "png" : "jpeg"), original(id));
      }
    }
    if (path.startsWith("/posts/")) {
      int id = number(path.substring("/posts/".length()));
      if (known(id)) {
        if (workPagesServed.incrementAndGet() > holdWorkPagesAfter) {
          held.countDown();
          release.await();
        }
        return Reply.of(200, HTML, work(id));
      }
    }
    return Reply.of(404, HTML, "<!doctype html><title>Not Found</title><h1>404</h1>");
  }

  private Reply cdn(String path) {
    String[] p = path.split("/");
    // /original/ab/cd/MD5.EXT, /sample/ab/cd/sample-MD5.jpg, /180x180/ab/cd/MD5.jpg
    if (p.length == 5) {
      for (int id : ids()) {
        String md5 = md5(id);
        switch (p[1]) {
          case "original":
            if (p[4].equals(originalName(id))) {
              return new Reply(
                  200, "image/" + (ext(id).equals("png") ? "png" : "jpeg"), original(id));
            }
            break;
          case "sample":
            if (p[4].equals("sample-" + md5 + ".jpg")) {
              return new Reply(200, "image/jpeg", picture("jpg", "sample " + id));
            }
            break;
          case "180x180":
            if (p[4].equals(md5 + ".jpg")) {
              return new Reply(200, "image/jpeg", picture("jpg", "thumb " + id));
            }
            break;
          default:
            break;
        }
      }
    }
    return Reply.of(404, "text/plain", "not found");
  }

  private String variant(String kind, int id) {
    String md5 = md5(id);
    String name = kind.equals("sample") ? "sample-" + md5 + ".jpg" : md5 + ".jpg";
    return cdnUrl("/" + kind + "/" + md5.substring(0, 2) + "/" + md5.substring(2, 4) + "/" + name);
  }

  private String listing(int page) {
    int from = (page - 1) * perPage;
    return listing(page, ids().subList(from, Math.min(posts, from + perPage)));
  }

  private String listing(int page, List<Integer> shown) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Posts | Board</title>");
    if (page < pages()) {
      h.append("<link rel=\"next\" href=\"/posts?page=").append(page + 1).append("\">");
    }
    h.append("</head>\n<body class=\"c-posts a-index\"><div id=\"page\"><div id=\"c-posts\">")
        .append("<div id=\"a-index\"><div id=\"posts\"><div class=\"posts-container gap-2\">\n");
    for (int id : shown) {
      h.append("<article id=\"post_")
          .append(id)
          .append("\" class=\"post-preview post-preview-fit-compact post-preview-180\" data-id=\"")
          .append(id)
          .append("\" data-tags=\"1girl solo\" data-rating=\"g\">")
          .append("<div class=\"post-preview-container\">")
          .append("<a class=\"post-preview-link\" draggable=\"false\" href=\"/posts/")
          .append(id)
          .append("?q=\"><picture><source type=\"image/jpeg\" srcset=\"")
          .append(variant("180x180", id))
          .append(" 1x\"><img src=\"")
          .append(variant("180x180", id))
          .append("\" width=\"180\" height=\"135\" class=\"post-preview-image\" alt=\"post #")
          .append(id)
          .append("\" crossorigin=\"anonymous\" draggable=\"false\"></picture></a></div>")
          .append("</article>\n");
    }
    h.append("</div></div>\n<div class=\"paginator numbered-paginator\">");
    if (page > 1) {
      h.append("<a rel=\"prev\" id=\"paginator-prev\" class=\"paginator-prev\" href=\"/posts?page=")
          .append(page - 1)
          .append("\">&lt;</a>");
    }
    h.append("<span class=\"paginator-current\">").append(page).append("</span>");
    if (page < pages()) {
      h.append("<a rel=\"next\" id=\"paginator-next\" class=\"paginator-next\" href=\"/posts?page=")
          .append(page + 1)
          .append("\">&gt;</a>");
    }
    h.append("</div></div></div></div></body></html>\n");
    return h.toString();
  }

  private String work(int id) {
    String original = originalUrl(id);
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>post #"
        + id
        + " | Board</title></head>\n<body class=\"c-posts a-show\"><div id=\"page\">"
        + "<aside id=\"sidebar\"><section id=\"post-information\"><ul>"
        + "<li id=\"post-info-id\">ID: "
        + id
        + "</li><li id=\"post-info-size\">Size: <a href=\""
        + original
        + "\">12 KB ."
        + ext(id)
        + "</a> (800x600)</li></ul></section>"
        + "<section id=\"post-options\"><ul><li id=\"post-option-download\">"
        + "<a download=\"__solo_"
        + originalName(id)
        + "\" href=\""
        + original
        + "?download=1\">Download</a></li></ul></section></aside>\n"
        + "<section id=\"content\"><section class=\"image-container note-container\" data-id=\""
        + id
        + "\" data-file-url=\""
        + original
        + "\"><picture><img width=\"850\" height=\"638\" id=\"image\" class=\"fit-width\""
        + " alt=\"1girl solo\" src=\""
        + variant("sample", id)
        + "\"></picture></section></section></div></body></html>\n";
  }

  private String json(int page) {
    StringBuilder j = new StringBuilder("[");
    if (page >= 1 && page <= pages()) {
      int from = (page - 1) * perPage;
      List<Integer> shown = ids().subList(from, Math.min(posts, from + perPage));
      for (int i = 0; i < shown.size(); i++) {
        int id = shown.get(i);
        if (i > 0) {
          j.append(',');
        }
        j.append("{\"id\":")
            .append(id)
            .append(",\"created_at\":\"2024-05-0")
            .append(1 + id % 9)
            .append("T12:00:00.000-04:00\",\"rating\":\"g\",\"image_width\":800,")
            .append("\"image_height\":600,\"tag_string\":\"1girl solo\",\"file_ext\":\"")
            .append(ext(id))
            .append("\",\"md5\":\"")
            .append(md5(id))
            .append("\",\"file_url\":\"")
            .append(originalUrl(id))
            .append("\",\"large_file_url\":\"")
            .append(variant("sample", id))
            .append("\",\"preview_file_url\":\"")
            .append(variant("180x180", id))
            .append("\"}");
      }
    }
    return j.append(']').toString();
  }

  private String sitemap(List<Integer> shown) {
    StringBuilder x =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
                + "  xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n");
    for (int id : shown) {
      x.append("  <url>\n    <loc>")
          .append(url("/posts/" + id))
          .append("</loc>\n    <image:image>\n      <image:loc>")
          .append(originalUrl(id))
          .append("</image:loc>\n    </image:image>\n  </url>\n");
    }
    return x.append("</urlset>\n").toString();
  }

  private String sitemapIndex() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        + "  <sitemap><loc>"
        + url("/sitemaps/posts-1.xml")
        + "</loc></sitemap>\n  <sitemap><loc>"
        + url("/sitemaps/posts-2.xml.gz")
        + "</loc></sitemap>\n</sitemapindex>\n";
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int page(String query) {
    if (query == null) {
      return 1;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("page=")) {
        // a blank page is the first, as on the real boards
        return part.length() == 5 ? 1 : number(part.substring(5));
      }
    }
    return 1;
  }

  private static int number(String text) {
    int q = text.indexOf('?');
    String digits = q >= 0 ? text.substring(0, q) : text;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(digits);
  }

  /** Configures a {@link BooruBoard}. */
  public static final class Builder {
    private int posts = 12;
    private int perPage = 5;
    private Duration latency = Duration.ZERO;
    private String boardHost = "127.0.0.1";
    private String cdnHost = "127.0.0.2";
    private int holdWorkPagesAfter = Integer.MAX_VALUE;
    private int boardPort;
    private int cdnPort;

    private Builder() {}

    /** The ports to listen on (0: free ones), e.g. another board's to serve a crawl it began. */
    public Builder ports(int board, int cdn) {
      boardPort = board;
      cdnPort = cdn;
      return this;
    }

    /** How many posts the board has. */
    public Builder posts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("posts < 1: " + n);
      }
      posts = n;
      return this;
    }

    /** Posts per listing page (and per JSON page). */
    public Builder perPage(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("per page < 1: " + n);
      }
      perPage = n;
      return this;
    }

    /** How long every request waits before it is answered. */
    public Builder latency(Duration d) {
      latency = d;
      return this;
    }

    /** The address of the board; the picture host's is {@link #cdnHost}. */
    public Builder boardHost(String host) {
      boardHost = host;
      return this;
    }

    /** The address of the picture host. */
    public Builder cdnHost(String host) {
      cdnHost = host;
      return this;
    }

    /**
     * Work page requests after the first {@code n} wait until the board closes (to stop a crawl in
     * the middle of its work pages).
     */
    public Builder holdWorkPagesAfter(int n) {
      holdWorkPagesAfter = n;
      return this;
    }

    public BooruBoard start() throws IOException {
      return new BooruBoard(this);
    }
  }
}
