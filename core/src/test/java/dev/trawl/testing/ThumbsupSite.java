package dev.trawl.testing;

import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A static gallery as thumbsup writes it with its classic theme (thumbsup/theme-classic {@code
 * partials/content.hbs}, thumbsup {@code src/website/pages.js}, {@code src/model/album.js} and
 * {@code structure.js}), served on loopback by a {@link HostileServer}.
 *
 * <ul>
 *   <li>Every album page sits at the top: {@code index.html} for the home album, {@code SLUG.html}
 *       below it, and nested albums take their parent's slug ({@code 2016-london.html}).
 *   <li>An album page lists its nested albums as cards ({@code ul#galleries li > a} holding a few
 *       preview thumbnails) and its pictures as {@code ul#media li[data-src=LARGE] >
 *       a[href=ORIGINAL] > img[src=THUMB]}, with breadcrumbs up to the home page ({@code
 *       nav.breadcrumbs a}).
 *   <li>An album of at least {@code pageSize} pictures is cut into pages with an unnumbered first
 *       page: {@code london.html}, {@code london2.html}, ... ({@code nav.pagination a.page}).
 *   <li>Pictures: {@code media/thumbs/PATH} (120 pixels wide), {@code media/large/PATH} and {@code
 *       media/original/PATH} (full size), PATH being the source folder and the file name.
 * </ul>
 *
 * <p>Pictures come from a {@link DemoGallery}'s works, one per picture, in album order.
 */
public final class ThumbsupSite implements AutoCloseable {
  private final HostileServer server;
  private final Map<String, byte[]> pages = new LinkedHashMap<>();
  private final Map<String, byte[]> media = new LinkedHashMap<>();
  private final Map<String, byte[]> originals = new LinkedHashMap<>();
  private final Map<String, byte[]> thumbnails = new LinkedHashMap<>();
  private final Album home = new Album("Home", null);
  private final int pageSize;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile String holdPrefix;

  private ThumbsupSite(DemoGallery pictures, List<String> albums, int pageSize) throws IOException {
    this.pageSize = pageSize;
    List<String> ids = pictures.workIds();
    int next = 0;
    for (String spec : albums) {
      int colon = spec.lastIndexOf(':');
      Album a = home.descend(spec.substring(0, colon).split("/"));
      int n = Integer.parseInt(spec.substring(colon + 1));
      for (int i = 0; i < n; i++) {
        String id = ids.get(next++);
        String file = String.format(Locale.ROOT, "IMG_%04d.jpg", next);
        a.files.add(file);
        String path = a.folder() + "/" + file;
        media.put("/media/thumbs/" + path, pictures.thumbnail(id));
        media.put("/media/large/" + path, pictures.fullImage(id));
        media.put("/media/original/" + path, pictures.fullImage(id));
        originals.put(file, pictures.fullImage(id));
        thumbnails.put(file, pictures.thumbnail(id));
      }
    }
    render(home, List.of());
    server = HostileServer.start();
    server.route("/robots.txt", ex -> ex.status(404));
    server.route(
        "/",
        ex -> {
          String path = ex.path().equals("/") ? "/index.html" : ex.path();
          byte[] page = pages.get(path);
          byte[] picture = media.get(path);
          String hold = holdPrefix;
          if (page != null && hold != null && path.startsWith(hold)) {
            held.countDown();
            released.await();
          }
          if (page != null) {
            ex.respond(200, "text/html; charset=utf-8", page);
          } else if (picture != null) {
            ex.respond(200, "image/jpeg", picture);
          } else {
            ex.respond(404, "text/html", "<html><body>Not found</body></html>");
          }
        });
  }

  /**
   * A site of the given albums, each {@code "Title/Nested title:PICTURES"} (e.g. {@code
   * "2016/London:10"}); albums of {@code pageSize} pictures or more are paginated.
   */
  public static ThumbsupSite start(DemoGallery pictures, int pageSize, String... albums)
      throws IOException {
    return new ThumbsupSite(pictures, List.of(albums), pageSize);
  }

  /** The URL of a page or picture, {@code path} relative to the site's root ("index.html"). */
  public String url(String path) {
    return server.url("/" + path);
  }

  /** The full-size pictures by file name, the bytes a crawl of the originals must save. */
  public Map<String, byte[]> originals() {
    return originals;
  }

  /** The thumbnails by file name. */
  public Map<String, byte[]> thumbnails() {
    return thumbnails;
  }

  /** Every page path the site serves ("/index.html", "/2016.html", ...), in tree order. */
  public List<String> pagePaths() {
    return List.copyOf(pages.keySet());
  }

  /** Pages whose path starts with {@code prefix} ("/2017-") answer only after {@link #release}. */
  public ThumbsupSite hold(String prefix) {
    holdPrefix = prefix;
    return this;
  }

  /** True once a held page was asked for, false when {@code timeout} passed first. */
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Answers the held pages, and every later request for them at once. */
  public void release() {
    holdPrefix = null;
    released.countDown();
  }

  /** The server, for counting requests. */
  public HostileServer server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void render(Album album, List<Album> crumbs) {
    List<List<String>> slices = new ArrayList<>();
    if (album.files.size() < pageSize) {
      slices.add(album.files);
    } else {
      for (int i = 0; i < album.files.size(); i += pageSize) {
        slices.add(album.files.subList(i, Math.min(album.files.size(), i + pageSize)));
      }
    }
    for (int i = 0; i < slices.size(); i++) {
      pages.put("/" + album.pageUrl(i), page(album, crumbs, slices, i));
    }
    List<Album> below = new ArrayList<>(crumbs);
    below.add(album);
    for (Album nested : album.albums.values()) {
      render(nested, below);
    }
  }

  private byte[] page(Album album, List<Album> crumbs, List<List<String>> slices, int index) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html>\n  <head>\n      <meta charset=\"utf-8\" />\n")
        .append("      <title>Photos - ")
        .append(album.title)
        .append("</title>\n")
        .append(
            "      <link rel=\"stylesheet\" href=\"public/theme.css\" />\n  </head>\n  <body>\n")
        .append("<header>\n  <a href=\"index.html\">\n    <h1>Photos</h1>\n  </a>\n</header>\n");
    if (album.parent != null) {
      h.append("  <nav class=\"breadcrumbs\">\n");
      for (Album c : crumbs) {
        h.append("<a class=\"breadcrumb-item\" href=\"")
            .append(c.pageUrl(0))
            .append("\">")
            .append(c.title)
            .append("</a>&nbsp;&nbsp;/&nbsp;&nbsp;");
      }
      h.append("<a class=\"breadcrumb-item\" href=\"")
          .append(album.pageUrl(0))
          .append("\">")
          .append(album.title)
          .append("</a>\n  </nav>\n");
    }
    h.append("<ul id=\"galleries\">\n");
    for (Album nested : album.albums.values()) {
      h.append(" <li>\n   <a href=\"")
          .append(nested.pageUrl(0))
          .append("\">\n     <h3>")
          .append(nested.title)
          .append("</h3>\n     <div class=\"meta\">\n       ")
          .append(nested.count())
          .append(" photos<br />\n     </div>\n     <ul class=\"grid\">");
      for (String preview : nested.previews(4)) {
        h.append("<li><img src=\"media/thumbs/").append(preview).append("\" /></li>");
      }
      h.append("</ul>\n   </a>\n </li>\n");
    }
    h.append("</ul>\n<ul id=\"media\">\n");
    for (String file : slices.get(index)) {
      String path = album.folder() + "/" + file;
      h.append("  <li data-src=\"media/large/")
          .append(path)
          .append("\"\n      data-download-url=\"media/original/")
          .append(path)
          .append("\"\n      data-filename=\"")
          .append(file)
          .append("\">\n    <a href=\"media/original/")
          .append(path)
          .append("\">\n      <img src=\"media/thumbs/")
          .append(path)
          .append("\"\n           width=\"120\"\n           height=\"120\"\n           alt=\"")
          .append(file)
          .append("\" />\n    </a>\n  </li>\n");
    }
    h.append("</ul>\n");
    if (slices.size() > 1) {
      h.append("  <nav class=\"pagination\">\n    Pages: \n");
      for (int i = 0; i < slices.size(); i++) {
        h.append("        <a class=\"page")
            .append(i == index ? " current" : "")
            .append("\" href=\"")
            .append(album.pageUrl(i))
            .append("\">")
            .append(i + 1)
            .append("</a>\n");
      }
      h.append("  </nav>\n");
    }
    h.append("    <script src=\"public/jquery.min.js\"></script>\n  </body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An album: its files, its nested albums, and thumbsup's naming. */
  private static final class Album {
    final String title;
    final Album parent;
    final List<String> files = new ArrayList<>();
    final Map<String, Album> albums = new LinkedHashMap<>();

    Album(String title, Album parent) {
      this.title = title;
      this.parent = parent;
    }

    Album descend(String[] titles) {
      Album a = this;
      for (String t : titles) {
        Album p = a;
        a = a.albums.computeIfAbsent(t, k -> new Album(k, p));
      }
      return a;
    }

    /** The slug, with the parent's slug in front below the first level (album.js). */
    String basename() {
      String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
      return parent == null || parent.parent == null ? slug : parent.basename() + "-" + slug;
    }

    /** pages.js injectPageNumber: the first page has no number, then 2, 3, ... */
    String pageUrl(int index) {
      String first = parent == null ? "index.html" : basename() + ".html";
      return index == 0 ? first : first.substring(0, first.length() - 5) + (index + 1) + ".html";
    }

    /** The source folder of the album's files: the titles below the home album. */
    String folder() {
      return parent == null ? "" : parent.parent == null ? title : parent.folder() + "/" + title;
    }

    int count() {
      int n = files.size();
      for (Album a : albums.values()) {
        n += a.count();
      }
      return n;
    }

    List<String> previews(int max) {
      List<String> out = new ArrayList<>();
      for (String f : files) {
        if (out.size() < max) {
          out.add(folder() + "/" + f);
        }
      }
      for (Album a : albums.values()) {
        for (String p : a.previews(max)) {
          if (out.size() < max) {
            out.add(p);
          }
        }
      }
      return out;
    }
  }
}
