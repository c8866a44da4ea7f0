package dev.trawl.testing;

import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A static gallery as sigal writes it with its colorbox theme (saimn/sigal {@code
 * themes/colorbox/templates/album_list.html}, {@code album.html}, {@code base.html}, {@code
 * default/templates/breadcrumb.html}, and the defaults of {@code settings.py}: {@code index_in_url}
 * off, {@code keep_orig} on, {@code thumb_dir} "thumbnails", {@code orig_dir} "original"), served
 * on loopback by a {@link HostileServer}.
 *
 * <ul>
 *   <li>Folders are albums: {@code /} lists {@code 2019/}, which lists {@code Paris/}; an album's
 *       URL is its folder, relative to the page ({@code alb.url}).
 *   <li>A folder of folders is an album list: {@code div#albums div.thumbnail > a[href=NAME/] >
 *       img.album_thumb}.
 *   <li>A folder of pictures is an album: {@code div#gallery div#albums div.thumbnail >
 *       a.gallery[href=IMG.jpg][data-big=original/IMG.jpg] > img[src=thumbnails/IMG.jpg]}: the link
 *       is the resized picture, {@code data-big} the original.
 *   <li>Every page links back up: the sidebar's title to the root ({@code album.index_url}) and the
 *       breadcrumbs to each folder above ({@code div.breadcrumb a}, {@code ../}, {@code ../../}).
 *   <li>With the {@code media_page} plugin ({@link #startWithMediaPages}), an album's links lead to
 *       a page per picture instead ({@code href=IMG.jpg.html}, {@code templates/media.html}):
 *       {@code div.thumbnail > img[src=IMG.jpg]} with previous and next links.
 * </ul>
 */
public final class SigalSite implements AutoCloseable {
  private final HostileServer server;
  private final Map<String, byte[]> pages = new LinkedHashMap<>();
  private final Map<String, byte[]> media = new LinkedHashMap<>();
  private final Map<String, byte[]> originals = new LinkedHashMap<>();
  private final Folder root = new Folder("", null);
  private final boolean mediaPages;

  private SigalSite(DemoGallery pictures, List<String> albums, boolean mediaPages)
      throws IOException {
    this.mediaPages = mediaPages;
    List<String> ids = pictures.workIds();
    int next = 0;
    for (String spec : albums) {
      int colon = spec.lastIndexOf(':');
      Folder f = root.descend(spec.substring(0, colon).split("/"));
      int n = Integer.parseInt(spec.substring(colon + 1));
      for (int i = 0; i < n; i++) {
        String id = ids.get(next++);
        String file = String.format(Locale.ROOT, "DSC_%04d.jpg", next);
        f.files.add(file);
        // the resized copy: other bytes than the original, so a test tells which one was saved
        // (a media page shows the resized copy as its picture: there the two are the same bytes)
        byte[] original = pictures.fullImage(id);
        byte[] resized = mediaPages ? original : Arrays.copyOf(original, original.length + 1);
        media.put(f.path() + file, resized);
        media.put(f.path() + "original/" + file, original);
        media.put(f.path() + "thumbnails/" + file, pictures.thumbnail(id));
        originals.put(file, pictures.fullImage(id));
      }
    }
    render(root);
    server = HostileServer.start();
    server.route("/robots.txt", ex -> ex.status(404));
    server.route(
        "/",
        ex -> {
          String path = ex.path().endsWith("/") ? ex.path() + "index.html" : ex.path();
          byte[] page = pages.get(path);
          byte[] picture = media.get(path);
          if (page != null) {
            ex.respond(200, "text/html; charset=utf-8", page);
          } else if (picture != null) {
            ex.respond(200, "image/jpeg", picture);
          } else {
            ex.respond(404, "text/html", "<html><body>Not found</body></html>");
          }
        });
  }

  /** A site of the given albums, each {@code "Folder/Sub folder:PICTURES"}. */
  public static SigalSite start(DemoGallery pictures, String... albums) throws IOException {
    return new SigalSite(pictures, List.of(albums), false);
  }

  /** The same site built with the {@code media_page} plugin: a page per picture. */
  public static SigalSite startWithMediaPages(DemoGallery pictures, String... albums)
      throws IOException {
    return new SigalSite(pictures, List.of(albums), true);
  }

  /** The URL of {@code path} relative to the root ("", "2019/Paris/"). */
  public String url(String path) {
    return server.url("/" + path);
  }

  /** The full-size pictures by file name. */
  public Map<String, byte[]> originals() {
    return originals;
  }

  /** Every page path the site serves ("/index.html", "/2019/index.html", ...). */
  public List<String> pagePaths() {
    return List.copyOf(pages.keySet());
  }

  public HostileServer server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void render(Folder f) {
    pages.put(f.path() + "index.html", page(f));
    if (mediaPages) {
      for (int i = 0; i < f.files.size(); i++) {
        pages.put(f.path() + f.files.get(i) + ".html", mediaPage(f, i));
      }
    }
    for (Folder sub : f.folders.values()) {
      render(sub);
    }
  }

  private byte[] page(Folder f) {
    String up = "../".repeat(f.depth());
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n")
        .append("    <title>")
        .append(f.parent == null ? "Photos" : f.name)
        .append(" - Photos</title>\n    <link rel=\"stylesheet\" href=\"")
        .append(up)
        .append("static/css/style.css\">\n  </head>\n  <body>\n    <div class=\"container\">\n")
        .append("      <div class=\"three columns\">\n        <div class=\"sidebar\">\n")
        .append("          <h1><a href=\"")
        .append(up.isEmpty() ? "." : up)
        .append("\">\n          Photos\n          </a></h1>\n        </div>\n      </div>\n")
        .append("      <div id=\"main\" role=\"main\" class=\"nine columns offset-by-three\">\n")
        .append("        <header>\n");
    if (f.parent != null) {
      h.append("  <div class=\"breadcrumb\">\n    <h2>\n");
      List<Folder> chain = new ArrayList<>();
      for (Folder a = f; a != null; a = a.parent) {
        chain.add(0, a);
      }
      for (int i = 0; i < chain.size(); i++) {
        Folder a = chain.get(i);
        String href = i == chain.size() - 1 ? "." : "../".repeat(chain.size() - 1 - i);
        h.append("        <a href=\"")
            .append(href)
            .append("\">")
            .append(a.parent == null ? "Photos" : a.name)
            .append("</a>")
            .append(i < chain.size() - 1 ? " &raquo; " : "")
            .append("\n");
      }
      h.append("    </h2>\n  </div>\n            <hr>\n");
    }
    h.append("        </header>\n");
    if (!f.folders.isEmpty()) {
      h.append("    <div id=\"albums\" class=\"row\">\n");
      for (Folder sub : f.folders.values()) {
        String thumb = sub.firstFile();
        h.append("      <div class=\"three columns thumbnail\">\n        <a href=\"")
            .append(sub.name)
            .append("/\">\n          <img src=\"")
            .append(sub.name)
            .append("/")
            .append(thumb == null ? "" : thumb)
            .append("\" class=\"album_thumb\"\n              alt=\"")
            .append(sub.name)
            .append("\" title=\"")
            .append(sub.name)
            .append("\" /></a>\n        <span class=\"album_title\">")
            .append(sub.name)
            .append("</span>\n      </div>\n");
      }
      h.append("    </div>\n");
    }
    if (!f.files.isEmpty()) {
      h.append("  <div id=\"gallery\">\n    <div id=\"albums\" class=\"row\">\n");
      for (String file : f.files) {
        h.append("      <div class=\"three columns thumbnail\">\n")
            .append("        <a class=\"gallery\" title=\"")
            .append(file)
            .append("\"  data-big=\"original/")
            .append(file)
            .append("\"\n           href=\"")
            .append(file)
            .append(mediaPages ? ".html\" data-href=\"" + file : "")
            .append("\"\n        >\n          <img src=\"thumbnails/")
            .append(file)
            .append("\" alt=\"")
            .append(file)
            .append("\"\n               title=\"")
            .append(file)
            .append("\">\n        </a>\n      </div>\n");
      }
      h.append("    </div>\n  </div>\n");
    }
    h.append("      </div>\n    </div>\n    <script src=\"")
        .append(up)
        .append("static/js/app.js\"></script>\n  </body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] mediaPage(Folder f, int index) {
    String file = f.files.get(index);
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\">\n  <head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(file)
        .append(" - Photos</title></head>\n  <body>\n  <header>\n    <h2>\n")
        .append("      <a href=\".\">")
        .append(f.name)
        .append("</a> &raquo;\n      <a href=\"#\">")
        .append(file)
        .append("</a>\n    </h2>\n    <hr>\n  </header>\n  <div class=\"thumbnail\">\n")
        .append("      <img src=\"")
        .append(file)
        .append("\" alt=\"")
        .append(file)
        .append("\" title=\"")
        .append(file)
        .append("\" />\n    <p>\n");
    if (index > 0) {
      h.append("      <a href=\"")
          .append(f.files.get(index - 1))
          .append(".html\">« previous</a>\n");
    }
    if (index < f.files.size() - 1) {
      h.append("      <a href=\"").append(f.files.get(index + 1)).append(".html\">next »</a>\n");
    }
    h.append("    </p>\n  </div>\n  </body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A folder: pictures and folders, with sigal's relative URLs. */
  private static final class Folder {
    final String name;
    final Folder parent;
    final List<String> files = new ArrayList<>();
    final Map<String, Folder> folders = new LinkedHashMap<>();

    Folder(String name, Folder parent) {
      this.name = name;
      this.parent = parent;
    }

    Folder descend(String[] names) {
      Folder f = this;
      for (String n : names) {
        Folder p = f;
        f = f.folders.computeIfAbsent(n, k -> new Folder(k, p));
      }
      return f;
    }

    int depth() {
      return parent == null ? 0 : parent.depth() + 1;
    }

    /** "/" for the root, "/2019/Paris/" below it. */
    String path() {
      return parent == null ? "/" : parent.path() + name + "/";
    }

    /** The first picture in this folder or below it, as a path relative to this folder. */
    String firstFile() {
      if (!files.isEmpty()) {
        return "thumbnails/" + files.get(0);
      }
      for (Folder sub : folders.values()) {
        String f = sub.firstFile();
        if (f != null) {
          return sub.name + "/" + f;
        }
      }
      return null;
    }
  }
}
