package dev.trawl.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders the gallery's HTML pages. Pure functions of their arguments; thread-safe. */
final class GalleryPages {
  private static final String[] ADJECTIVES = {
    "Crimson",
    "Silent",
    "Golden",
    "Misty",
    "Electric",
    "Velvet",
    "Frozen",
    "Hidden",
    "Amber",
    "Azure",
    "Wandering",
    "Paper",
    "Neon",
    "Quiet",
    "Scarlet",
    "Lunar"
  };
  private static final String[] NOUNS = {
    "Harbor",
    "Lantern",
    "Garden",
    "Festival",
    "Shrine",
    "Station",
    "Forest",
    "Parade",
    "Tower",
    "Meadow",
    "Alley",
    "Carnival",
    "Lagoon",
    "Studio",
    "Bridge",
    "Orchard"
  };
  private static final int PAGER_RADIUS = 3;

  private GalleryPages() {}

  /** A work's display title, deterministic from its id. */
  static String title(String id) {
    long bits = Long.parseLong(id, 16);
    return ADJECTIVES[(int) (bits & 0xf)] + " " + NOUNS[(int) ((bits >>> 4) & 0xf)];
  }

  static byte[] index(int pages, int works) {
    StringBuilder html = head("Demo Gallery", null, null);
    header(html);
    html.append("<main>\n<h1>Demo Gallery</h1>\n<p>")
        .append(pages * (long) works)
        .append(" works on ")
        .append(pages)
        .append(" pages.</p>\n<p><a href=\"/picture/lists/p/1\">Browse the pictures</a></p>\n")
        .append("</main>\n");
    return finish(html);
  }

  static byte[] listing(int page, int pages, List<String> ids) {
    String prev = page > 1 ? listingPath(page - 1) : null;
    String next = page < pages ? listingPath(page + 1) : null;
    StringBuilder html = head("Pictures - page " + page + " - Demo Gallery", prev, next);
    header(html);
    html.append("<main>\n<h1>Pictures</h1>\n<div class=\"worklist\">\n");
    for (String id : ids) {
      String title = title(id);
      html.append("<div class=\"work\">\n")
          .append("<div class=\"workimage\"><a href=\"/picture/works/")
          .append(id)
          .append("\"><img src=\"/static/loading.gif\" data-original=\"/uploads/thumb_")
          .append(id)
          .append(".jpg\" alt=\"")
          .append(title)
          .append("\"></a></div>\n")
          .append("<p class=\"worktitle\"><a href=\"/picture/works/")
          .append(id)
          .append("\">")
          .append(title)
          .append("</a></p>\n</div>\n");
    }
    html.append("</div>\n");
    pager(html, page, pages, prev, next);
    html.append("</main>\n");
    return finish(html);
  }

  static byte[] work(String id, int page) {
    String title = title(id);
    StringBuilder html = head(title + " - Demo Gallery", null, null);
    header(html);
    html.append("<main>\n<h1>")
        .append(title)
        .append("</h1>\n<div class=\"workshow\"><img src=\"/uploads/thumbMid_")
        .append(id)
        .append(".jpg\" alt=\"")
        .append(title)
        .append("\"></div>\n<p><a href=\"")
        .append(listingPath(page))
        .append("\">Back to page ")
        .append(page)
        .append("</a></p>\n</main>\n");
    return finish(html);
  }

  static byte[] notFound(String path) {
    StringBuilder html = head("Not Found - Demo Gallery", null, null);
    html.append("<main>\n<h1>404 Not Found</h1>\n<p>Nothing at ")
        .append(escape(path))
        .append(".</p>\n<p><a href=\"/\">Home</a></p>\n</main>\n");
    return finish(html);
  }

  static byte[] error(int status, String reason) {
    StringBuilder html = head(status + " " + reason, null, null);
    html.append("<main>\n<h1>")
        .append(status)
        .append(' ')
        .append(reason)
        .append("</h1>\n</main>\n");
    return finish(html);
  }

  static String listingPath(int page) {
    return "/picture/lists/p/" + page;
  }

  private static StringBuilder head(String title, String prev, String next) {
    StringBuilder html = new StringBuilder(8 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n");
    if (prev != null) {
      html.append("<link rel=\"prev\" href=\"").append(prev).append("\">\n");
    }
    if (next != null) {
      html.append("<link rel=\"next\" href=\"").append(next).append("\">\n");
    }
    html.append(
            "<style>body{font-family:sans-serif;margin:0}.worklist{display:flex;flex-wrap:wrap}")
        .append(".work{width:140px;margin:8px}.pager a{margin:0 4px}</style>\n")
        .append("</head>\n<body>\n");
    return html;
  }

  private static void header(StringBuilder html) {
    html.append("<header class=\"site-header\">\n<a class=\"logo\" href=\"/\">Demo Gallery</a>\n")
        .append("<nav><ul>\n<li><a href=\"/\">Home</a></li>\n")
        .append("<li><a href=\"/picture/lists/p/1\">Pictures</a></li>\n")
        .append("<li><a href=\"/robots.txt\">Robots</a></li>\n</ul></nav>\n</header>\n");
  }

  private static void pager(StringBuilder html, int page, int pages, String prev, String next) {
    html.append("<div class=\"pager\">\n");
    if (prev != null) {
      html.append("<a class=\"prev\" rel=\"prev\" href=\"")
          .append(prev)
          .append("\">&laquo; Prev</a>\n");
    }
    int from = Math.max(1, page - PAGER_RADIUS);
    int to = Math.min(pages, page + PAGER_RADIUS);
    if (from > 1) {
      pageLink(html, 1, page);
      if (from > 2) {
        html.append("<span class=\"gap\">&hellip;</span>\n");
      }
    }
    for (int p = from; p <= to; p++) {
      pageLink(html, p, page);
    }
    if (to < pages) {
      if (to < pages - 1) {
        html.append("<span class=\"gap\">&hellip;</span>\n");
      }
      pageLink(html, pages, page);
    }
    if (next != null) {
      html.append("<a class=\"next\" rel=\"next\" href=\"")
          .append(next)
          .append("\">Next &raquo;</a>\n");
    }
    html.append("</div>\n");
  }

  private static void pageLink(StringBuilder html, int p, int current) {
    if (p == current) {
      html.append("<span class=\"current\">").append(p).append("</span>\n");
    } else {
      html.append("<a href=\"").append(listingPath(p)).append("\">").append(p).append("</a>\n");
    }
  }

  private static byte[] finish(StringBuilder html) {
    html.append("<footer><p>Generated demo content for trawl.</p></footer>\n</body>\n</html>\n");
    return html.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}
