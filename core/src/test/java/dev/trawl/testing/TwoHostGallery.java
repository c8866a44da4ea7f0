package dev.trawl.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A gallery whose pictures live on a second host, the shape of real picture boards: listing pages
 * on 127.0.0.1 ({@code /gallery/1} .. {@code /gallery/N}, each linking the next with {@code
 * rel=next}) showing {@code <img>}s served from 127.0.0.2 ({@code /pics/P-I.png}). The picture host
 * may be hotlink-protected (403 without a Referer from the gallery's host, like nginx {@code
 * valid_referers}); the gallery may be members-only (every page needs a cookie, else a 302 to
 * {@code /login}). Both record every request with its headers.
 */
public final class TwoHostGallery implements AutoCloseable {
  /** A request as a host saw it; header names lower case. */
  public record Seen(String host, String path, Map<String, List<String>> headers, long nanos) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }
  }

  private final HttpServer gallery;
  private final HttpServer pictures;
  private final int pages;
  private final int perPage;
  private final boolean hotlinkProtected;
  private final Predicate<String> member;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile int pictureSize;

  private TwoHostGallery(int pages, int perPage, boolean hotlinkProtected, Predicate<String> member)
      throws IOException {
    this.pages = pages;
    this.perPage = perPage;
    this.hotlinkProtected = hotlinkProtected;
    this.member = member;
    gallery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pictures = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    gallery.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    pictures.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    gallery.createContext("/", this::servePage);
    pictures.createContext("/", this::servePicture);
    gallery.start();
    pictures.start();
  }

  /** A gallery open to all, pictures without hotlink protection. */
  public static TwoHostGallery open(int pages, int perPage) throws IOException {
    return new TwoHostGallery(pages, perPage, false, cookie -> true);
  }

  /** Pictures answer 403 unless the Referer is a page of the gallery's host. */
  public static TwoHostGallery hotlinkProtected(int pages, int perPage) throws IOException {
    return new TwoHostGallery(pages, perPage, true, cookie -> true);
  }

  /** Pages need a Cookie header {@code member} accepts, else 302 to {@code /login}. */
  public static TwoHostGallery membersOnly(int pages, int perPage, Predicate<String> member)
      throws IOException {
    return new TwoHostGallery(pages, perPage, true, member);
  }

  /** {@code http://127.0.0.1:PORT}, the gallery's origin. */
  public String galleryOrigin() {
    return "http://127.0.0.1:" + gallery.getAddress().getPort();
  }

  /** {@code http://127.0.0.2:PORT}, the picture host's origin. */
  public String pictureOrigin() {
    return "http://127.0.0.2:" + pictures.getAddress().getPort();
  }

  public String page(int n) {
    return galleryOrigin() + "/gallery/" + n;
  }

  public int pictureCount() {
    return pages * perPage;
  }

  /** Pads every picture to {@code bytes} (for rate tests). */
  public TwoHostGallery pictureSize(int bytes) {
    this.pictureSize = bytes;
    return this;
  }

  public byte[] picture(int page, int i) {
    byte[] name = ("picture " + page + "-" + i).getBytes(StandardCharsets.UTF_8);
    byte[] png = new byte[Math.max(8 + name.length, pictureSize)];
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(magic, 0, png, 0, 8);
    System.arraycopy(name, 0, png, 8, name.length);
    return png;
  }

  /** Every request either host saw, in arrival order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** The requests the picture host saw. */
  public List<Seen> seenByPictureHost() {
    return seen.stream().filter(s -> s.host().equals("127.0.0.2")).toList();
  }

  /** The requests the gallery host saw. */
  public List<Seen> seenByGallery() {
    return seen.stream().filter(s -> s.host().equals("127.0.0.1")).toList();
  }

  private void record(String host, HttpExchange ex) {
    Map<String, List<String>> h = new TreeMap<>();
    Headers in = ex.getRequestHeaders();
    in.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    seen.add(new Seen(host, ex.getRequestURI().getPath(), h, System.nanoTime()));
  }

  private void servePage(HttpExchange ex) throws IOException {
    record("127.0.0.1", ex);
    String path = ex.getRequestURI().getPath();
    if (path.equals("/login")) {
      send(ex, 200, "text/html", "<html><body><form>log in</form></body></html>");
      return;
    }
    if (!path.startsWith("/gallery/")) {
      send(ex, 404, "text/plain", "not found");
      return;
    }
    String cookie = ex.getRequestHeaders().getFirst("Cookie");
    if (!member.test(cookie == null ? "" : cookie)) {
      ex.getResponseHeaders().add("Location", "/login");
      send(ex, 302, "text/plain", "");
      return;
    }
    int n = Integer.parseInt(path.substring("/gallery/".length()));
    StringBuilder html = new StringBuilder("<html><head>");
    if (n < pages) {
      html.append("<link rel=next href=\"/gallery/").append(n + 1).append("\">");
    }
    html.append("</head><body>");
    for (int i = 1; i <= perPage; i++) {
      html.append("<img src=\"")
          .append(pictureOrigin())
          .append("/pics/")
          .append(n)
          .append('-')
          .append(i)
          .append(".png\">");
    }
    send(ex, 200, "text/html", html.append("</body></html>").toString());
  }

  private void servePicture(HttpExchange ex) throws IOException {
    record("127.0.0.2", ex);
    String path = ex.getRequestURI().getPath();
    String referer = ex.getRequestHeaders().getFirst("Referer");
    if (!path.startsWith("/pics/") || !path.endsWith(".png")) {
      send(ex, 404, "text/plain", "not found");
      return;
    }
    if (hotlinkProtected && (referer == null || !referer.startsWith(galleryOrigin() + "/"))) {
      send(ex, 403, "text/html", "<html>hotlinking is not allowed</html>");
      return;
    }
    String[] id = path.substring(6, path.length() - 4).split("-");
    byte[] body = picture(Integer.parseInt(id[0]), Integer.parseInt(id[1]));
    ex.getResponseHeaders().add("Content-Type", "image/png");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Paths the picture host saw, e.g. for counting. */
  public List<String> picturePaths() {
    List<String> p = new ArrayList<>();
    for (Seen s : seenByPictureHost()) {
      p.add(s.path());
    }
    return p;
  }

  @Override
  public void close() {
    gallery.stop(0);
    pictures.stop(0);
  }
}
