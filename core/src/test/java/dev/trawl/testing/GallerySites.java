package dev.trawl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small sites shaped like real gallery software (and pages that are not galleries), for the gallery
 * detector's tests. The markup follows each software's own templates (MediaWiki's
 * TraditionalImageGallery, CategoryViewer and ImagePage; WordPress's gallery block and [gallery]
 * shortcode; Danbooru's post previews and post page; Moebooru's and Gelbooru's lists; Coppermine's,
 * Piwigo's and Zenphoto's albums; a Tumblr theme; Blogger) in the parts a crawler reads, with the
 * chrome around them (logos, footer badges, avatars, sidebars) that must not be taken for pictures.
 * Every picture body starts with JPEG or PNG magic and is distinct.
 */
public final class GallerySites {
  /** A response body. */
  public record Resource(String contentType, byte[] body) {}

  /**
   * A site.
   *
   * @param name short name for test tables
   * @param start the start page's path
   * @param resources path (with query) to response; anything else answers 404
   * @param originals paths of the full-size pictures a crawl must save, nothing more; empty for
   *     pages that are not galleries
   */
  public record Site(
      String name, String start, Map<String, Resource> resources, List<String> originals) {
    public boolean gallery() {
      return !originals.isEmpty();
    }

    public String html(String path) {
      Resource r = resources.get(path);
      if (r == null) {
        throw new IllegalArgumentException(name + " has no " + path);
      }
      return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String HTML = "text/html; charset=utf-8";

  private GallerySites() {}

  /** Every site: galleries first, then pages that are not galleries. */
  public static List<Site> all() {
    return List.of(
        mediaWikiCategory(),
        mediaWikiGallery(),
        wordPressBlock(),
        wordPressUnlinked(),
        wordPressClassic(),
        danbooru(),
        moebooru(),
        gelbooru(),
        coppermine(),
        piwigo(),
        zenphoto(),
        tumblr(),
        blogger(),
        article(),
        forumThread(),
        loginPage());
  }

  public static List<Site> galleries() {
    return all().stream().filter(Site::gallery).toList();
  }

  public static List<Site> nonGalleries() {
    return all().stream().filter(s -> !s.gallery()).toList();
  }

  // ------------------------------------------------------------------ MediaWiki

  private static String md5(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** /images/a/ab/Name.jpg, MediaWiki's hashed upload path. */
  private static String mwImage(String name) {
    String h = md5(name);
    return "/images/" + h.charAt(0) + "/" + h.substring(0, 2) + "/" + name;
  }

  private static String mwThumb(String name, int width) {
    String h = md5(name);
    return "/images/thumb/"
        + h.charAt(0)
        + "/"
        + h.substring(0, 2)
        + "/"
        + name
        + "/"
        + width
        + "px-"
        + name;
  }

  private static String mwHead(String title) {
    return "<!DOCTYPE html>\n<html class=\"client-nojs vector-feature-language-in-header-enabled\""
        + " lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"UTF-8\">\n<title>"
        + title
        + " - Cosplay Wiki</title>\n<link rel=\"stylesheet\" href=\"/load.php?lang=en&amp;"
        + "modules=skins.vector.styles&amp;only=styles&amp;skin=vector-2022\">\n"
        + "<link rel=\"icon\" href=\"/favicon.ico\">\n</head>\n<body class=\"skin-vector"
        + " mediawiki ltr sitedir-ltr\">\n<div class=\"mw-page-container\">\n"
        + "<header class=\"vector-header mw-header\"><div class=\"vector-header-start\">"
        + "<a href=\"/wiki/Main_Page\" class=\"mw-logo\"><img class=\"mw-logo-icon\""
        + " src=\"/resources/assets/change-your-logo-icon.svg\" alt=\"\" aria-hidden=\"true\""
        + " height=\"50\" width=\"50\"><span class=\"mw-logo-container\">Cosplay Wiki</span></a>"
        + "</div></header>\n<div class=\"mw-page-container-inner\"><main id=\"content\""
        + " class=\"mw-body\" role=\"main\">\n<h1 id=\"firstHeading\" class=\"firstHeading"
        + " mw-first-heading\">"
        + title
        + "</h1>\n<div id=\"bodyContent\" class=\"vector-body\">\n"
        + "<div id=\"mw-content-text\" class=\"mw-body-content\">";
  }

  private static String mwFoot() {
    return "</div></div></main></div>\n<footer id=\"footer\" class=\"mw-footer\""
        + " role=\"contentinfo\"><ul id=\"footer-places\"><li id=\"footer-places-privacy\">"
        + "<a href=\"/wiki/Project:Privacy_policy\">Privacy policy</a></li></ul>\n"
        + "<ul id=\"footer-icons\" class=\"noprint\">\n<li id=\"footer-copyrightico\">"
        + "<a href=\"https://creativecommons.org/licenses/by-sa/4.0/\" class=\"cdx-button"
        + " cdx-button--fake-button\"><img src=\"/resources/assets/licenses/cc-by-sa.png\""
        + " alt=\"Creative Commons Attribution-ShareAlike\" width=\"88\" height=\"31\""
        + " loading=\"lazy\"></a></li>\n<li id=\"footer-poweredbyico\"><a"
        + " href=\"https://www.mediawiki.org/\" class=\"cdx-button cdx-button--fake-button\">"
        + "<img src=\"/resources/assets/poweredby_mediawiki.svg\" alt=\"Powered by MediaWiki\""
        + " width=\"88\" height=\"31\" loading=\"lazy\"></a></li>\n</ul>\n</footer>\n</div>\n"
        + "</body>\n</html>\n";
  }

  private static String mwGalleryBox(String name) {
    String file = "/wiki/File:" + name;
    return "\t\t<li class=\"gallerybox\" style=\"width: 155px\">\n\t\t\t<div class=\"thumb\""
        + " style=\"width: 150px; height: 150px;\"><span typeof=\"mw:File\"><a href=\""
        + file
        + "\" class=\"mw-file-description\" title=\""
        + name
        + "\"><img alt=\""
        + name
        + "\" src=\""
        + mwThumb(name, 120)
        + "\" decoding=\"async\" width=\"120\" height=\"90\" class=\"mw-file-element\" srcset=\""
        + mwThumb(name, 180)
        + " 1.5x, "
        + mwThumb(name, 240)
        + " 2x\" data-file-width=\"1600\" data-file-height=\"1200\"></a></span></div>\n"
        + "\t\t\t<div class=\"gallerytext\">\n<a href=\""
        + file
        + "\" class=\"galleryfilename galleryfilename-truncate\" title=\"File:"
        + name
        + "\">"
        + name
        + "</a>\n1,600 × 1,200; 245 KB<br>\n\t\t\t</div>\n\t\t</li>\n";
  }

  private static void mwFilePage(Map<String, Resource> r, String name) {
    String original = mwImage(name);
    String html =
        mwHead("File:" + name)
            + "<div class=\"fullImageLink\" id=\"file\"><a href=\""
            + original
            + "\"><img alt=\"File:"
            + name
            + "\" src=\""
            + mwThumb(name, 800)
            + "\" decoding=\"async\" width=\"800\" height=\"600\" srcset=\""
            + mwThumb(name, 1200)
            + " 1.5x, "
            + original
            + " 2x\"></a><div class=\"mw-filepage-resolutioninfo\">Size of this preview: "
            + "<span class=\"mw-filepage-resolutioninfo-size\">800 × 600 pixels</span>. "
            + "<span class=\"mw-filepage-other-resolutions\">Other resolutions: <a href=\""
            + mwThumb(name, 320)
            + "\" class=\"mw-thumbnail-link\">320 × 240 pixels</a> | <a href=\""
            + mwThumb(name, 640)
            + "\" class=\"mw-thumbnail-link\">640 × 480 pixels</a>.</span></div></div>\n"
            + "<div class=\"fullMedia\"><bdi dir=\"ltr\"><a href=\""
            + original
            + "\" class=\"internal\" title=\""
            + name
            + "\">Original file</a></bdi> <span class=\"fileInfo\">(1,600 × 1,200 pixels, file"
            + " size: 245 KB, MIME type: <span class=\"mime-type\">image/jpeg</span>)</span>"
            + "</div>\n<div id=\"mw-imagepage-content\" lang=\"en\" dir=\"ltr\""
            + " class=\"mw-content-ltr\"><div class=\"mw-parser-output\"><p>A photo.</p></div>"
            + "</div><h2 id=\"filehistory\">File history</h2>\n<table class=\"wikitable"
            + " filehistory\">\n<tbody><tr><th></th><th>Date/Time</th><th>Thumbnail</th>"
            + "<th>Dimensions</th></tr>\n<tr><td>current</td><td class=\"filehistory-selected\""
            + " style=\"white-space: nowrap;\"><a href=\""
            + original
            + "\">12:00, 1 January 2024</a></td><td><a href=\""
            + original
            + "\"><img alt=\"Thumbnail for version as of 12:00, 1 January 2024\" src=\""
            + mwThumb(name, 120)
            + "\" decoding=\"async\" loading=\"lazy\" width=\"120\" height=\"90\"></a></td>"
            + "<td>1,600 × 1,200 <span style=\"white-space: nowrap;\">(245 KB)</span></td>"
            + "</tr>\n</tbody></table>\n"
            + mwFoot();
    r.put("/wiki/File:" + name, page(html));
    r.put(original, jpeg(original));
    r.put(mwThumb(name, 120), jpeg(mwThumb(name, 120)));
    r.put(mwThumb(name, 800), jpeg(mwThumb(name, 800)));
  }

  /** A category of 40 pictures over 4 pages linked by "next page" text links, as in the issue. */
  public static Site mediaWikiCategory() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      names.add(String.format("Cosplay_%02d.jpg", i));
    }
    String base = "/wiki/Category:Cosplay";
    for (int page = 0; page < 4; page++) {
      List<String> slice = names.subList(page * 10, page * 10 + 10);
      String prev =
          page == 0
              ? "(previous page)"
              : "(<a href=\"/index.php?title=Category:Cosplay&amp;fileuntil="
                  + slice.get(0)
                  + "#mw-category-media\" title=\"Category:Cosplay\">previous page</a>)";
      String next =
          page == 3
              ? "(next page)"
              : "(<a href=\"/index.php?title=Category:Cosplay&amp;filefrom="
                  + names.get(page * 10 + 10)
                  + "#mw-category-media\" title=\"Category:Cosplay\">next page</a>)";
      StringBuilder html = new StringBuilder(mwHead("Category:Cosplay"));
      html.append("<div class=\"mw-content-ltr mw-parser-output\" lang=\"en\" dir=\"ltr\">")
          .append("<p>Photos from the conventions.</p></div>")
          .append("<div class=\"mw-category-generated\" lang=\"en\" dir=\"ltr\">")
          .append("<div id=\"mw-category-media\">\n<h2>Media in category \"Cosplay\"</h2>\n")
          .append("<p>The following 10 files are in this category, out of 40 total.</p>")
          .append(prev)
          .append(" ")
          .append(next)
          .append("\n<ul class=\"gallery mw-gallery-traditional\">\n");
      for (String name : slice) {
        html.append(mwGalleryBox(name));
        mwFilePage(r, name);
        originals.add(mwImage(name));
      }
      html.append("</ul>\n").append(prev).append(" ").append(next).append("\n</div></div>");
      html.append(mwFoot());
      String path =
          page == 0 ? base : "/index.php?title=Category:Cosplay&filefrom=" + names.get(page * 10);
      r.put(path, page(html.toString()));
    }
    return new Site("MediaWiki category", base, r, originals);
  }

  /** An article with a {@code <gallery>} of 8 pictures and a thumbnail figure beside the text. */
  public static Site mediaWikiGallery() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    StringBuilder html = new StringBuilder(mwHead("Summer Festival 2024"));
    html.append("<div class=\"mw-content-ltr mw-parser-output\" lang=\"en\" dir=\"ltr\">")
        .append("<figure class=\"mw-default-size\" typeof=\"mw:File/Thumb\"><a")
        .append(" href=\"/wiki/File:Venue_map.png\" class=\"mw-file-description\"><img src=\"")
        .append(mwThumb("Venue_map.png", 250))
        .append("\" decoding=\"async\" width=\"250\" height=\"200\" class=\"mw-file-element\">")
        .append("</a><figcaption>The venue</figcaption></figure>\n")
        .append("<p>The festival took place in the park.</p>\n<h2>Gallery</h2>\n")
        .append("<ul class=\"gallery mw-gallery-traditional\">\n");
    for (int i = 1; i <= 8; i++) {
      String name = "Festival_" + i + ".jpg";
      html.append(mwGalleryBox(name));
      mwFilePage(r, name);
      originals.add(mwImage(name));
    }
    html.append("</ul>\n</div>").append(mwFoot());
    r.put("/wiki/Summer_Festival_2024", page(html.toString()));
    return new Site("MediaWiki <gallery>", "/wiki/Summer_Festival_2024", r, originals);
  }

  // ------------------------------------------------------------------ WordPress

  private static String wpHead(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">\n<title>"
        + title
        + " &#8211; Lens Notes</title>\n<link rel=\"https://api.w.org/\""
        + " href=\"/wp-json/\">\n</head>\n<body class=\"post-template-default single single-post"
        + " wp-embed-responsive\">\n<div class=\"wp-site-blocks\"><header class=\"wp-block-"
        + "template-part\"><div class=\"wp-block-group\"><div class=\"wp-block-site-logo\"><a"
        + " href=\"/\" class=\"custom-logo-link\" rel=\"home\"><img width=\"120\" height=\"60\""
        + " src=\"/wp-content/uploads/2023/01/logo.png\" class=\"custom-logo\" alt=\"Lens"
        + " Notes\" decoding=\"async\"></a></div><p class=\"wp-block-site-title\"><a"
        + " href=\"/\">Lens Notes</a></p></div></header>\n<main class=\"wp-block-group\">\n"
        + "<h1 class=\"wp-block-post-title\">"
        + title
        + "</h1>\n<div class=\"entry-content wp-block-post-content\">\n";
  }

  private static String wpFoot() {
    return "</div>\n<div class=\"wp-block-comments\"><h2>One response</h2><ol"
        + " class=\"wp-block-comment-template\"><li id=\"comment-2\" class=\"comment\"><div"
        + " class=\"wp-block-columns\"><div class=\"wp-block-column\"><div"
        + " class=\"wp-block-avatar\"><img alt=\"Ann avatar\" src=\"https://secure.gravatar."
        + "com/avatar/9b2a?s=40&amp;d=mm&amp;r=g\" class=\"avatar avatar-40 photo\" width=\"40\""
        + " height=\"40\"></div></div><div class=\"wp-block-column\"><p>Lovely!</p></div></div>"
        + "</li></ol></div>\n</main>\n<footer class=\"wp-block-template-part\"><p>Proudly"
        + " powered by <a href=\"https://wordpress.org\">WordPress</a></p></footer></div>\n"
        + "</body>\n</html>\n";
  }

  private static String wpUpload(String name, String size) {
    return "/wp-content/uploads/2024/05/" + name + (size.isEmpty() ? "" : "-" + size) + ".jpg";
  }

  private static String wpSrcset(String base, String name) {
    return base
        + wpUpload(name, "1024x683")
        + " 1024w, "
        + base
        + wpUpload(name, "300x200")
        + " 300w, "
        + base
        + wpUpload(name, "768x512")
        + " 768w, "
        + base
        + wpUpload(name, "1536x1024")
        + " 1536w";
  }

  private static void wpSizes(Map<String, Resource> r, String name) {
    for (String size : List.of("", "1024x683", "300x200", "768x512", "1536x1024", "150x150")) {
      r.put(wpUpload(name, size), jpeg(wpUpload(name, size)));
    }
  }

  /**
   * A post with a gallery block linking each picture to its media file (absolute URLs, as WordPress
   * writes them). {@code base} is the site's origin, e.g. {@code http://127.0.0.1:8080}.
   */
  public static Site wordPressBlock() {
    return wordPressBlock("");
  }

  public static Site wordPressBlock(String base) {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    StringBuilder html = new StringBuilder(wpHead("Harbour at dawn"));
    html.append("<p>Nine frames from the morning walk.</p>\n<figure class=\"wp-block-gallery")
        .append(" has-nested-images columns-default is-cropped wp-block-gallery-1 is-layout-flex")
        .append(" wp-block-gallery-is-layout-flex\">\n");
    for (int i = 1; i <= 9; i++) {
      String name = "harbour-" + i;
      html.append("<figure class=\"wp-block-image size-large\"><a href=\"")
          .append(base)
          .append(wpUpload(name, ""))
          .append("\"><img loading=\"lazy\" decoding=\"async\" width=\"1024\" height=\"683\"")
          .append(" data-id=\"")
          .append(100 + i)
          .append("\" src=\"")
          .append(base)
          .append(wpUpload(name, "1024x683"))
          .append("\" alt=\"\" class=\"wp-image-")
          .append(100 + i)
          .append("\" srcset=\"")
          .append(wpSrcset(base, name))
          .append("\" sizes=\"(max-width: 1024px) 100vw, 1024px\"></a></figure>\n");
      wpSizes(r, name);
      originals.add(wpUpload(name, ""));
    }
    html.append("</figure>\n").append(wpFoot());
    r.put("/2024/05/harbour-at-dawn/", page(html.toString()));
    return new Site("WordPress gallery block", "/2024/05/harbour-at-dawn/", r, originals);
  }

  /** A gallery block without links: only the -WxH names lead to the originals. */
  public static Site wordPressUnlinked() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    StringBuilder html = new StringBuilder(wpHead("Street market"));
    html.append("<figure class=\"wp-block-gallery has-nested-images columns-3 is-cropped")
        .append(" wp-block-gallery-2 is-layout-flex wp-block-gallery-is-layout-flex\">\n");
    for (int i = 1; i <= 6; i++) {
      String name = "market-" + i;
      html.append("<figure class=\"wp-block-image size-large\"><img loading=\"lazy\"")
          .append(" decoding=\"async\" width=\"1024\" height=\"683\" data-id=\"")
          .append(200 + i)
          .append("\" src=\"")
          .append(wpUpload(name, "1024x683"))
          .append("\" alt=\"\" class=\"wp-image-")
          .append(200 + i)
          .append("\" srcset=\"")
          .append(wpSrcset("", name))
          .append("\" sizes=\"(max-width: 1024px) 100vw, 1024px\"></figure>\n");
      wpSizes(r, name);
      originals.add(wpUpload(name, ""));
    }
    html.append("<figcaption class=\"blocks-gallery-caption wp-element-caption\">Saturday")
        .append("</figcaption></figure>\n")
        .append(wpFoot());
    r.put("/2024/06/street-market/", page(html.toString()));
    return new Site("WordPress gallery without links", "/2024/06/street-market/", r, originals);
  }

  /** The [gallery] shortcode with thumbnails linking to attachment pages. */
  public static Site wordPressClassic() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    StringBuilder html = new StringBuilder(wpHead("Autumn"));
    html.append("<div id='gallery-1' class='gallery galleryid-42 gallery-columns-3")
        .append(" gallery-size-thumbnail'>");
    for (int i = 1; i <= 7; i++) {
      String name = "autumn-" + i;
      String attachment = "/2024/10/autumn/" + name + "/";
      html.append("<figure class='gallery-item'>\n\t\t\t<div class='gallery-icon ")
          .append(i % 3 == 0 ? "portrait" : "landscape")
          .append("'>\n\t\t\t\t<a href='")
          .append(attachment)
          .append("'><img width=\"150\" height=\"150\" src=\"")
          .append(wpUpload(name, "150x150"))
          .append("\" class=\"attachment-thumbnail size-thumbnail\" alt=\"\" decoding=\"async\"")
          .append(" aria-describedby=\"gallery-1-")
          .append(300 + i)
          .append("\"></a>\n\t\t\t</div>\n\t\t\t\t<figcaption class='wp-caption-text")
          .append(" gallery-caption' id='gallery-1-")
          .append(300 + i)
          .append("'>\n\t\t\t\tLeaves ")
          .append(i)
          .append("\n\t\t\t\t</figcaption></figure>");
      String att =
          wpHead(name)
              + "<p class=\"attachment\"><a href='"
              + wpUpload(name, "")
              + "'><img width=\"300\" height=\"200\" src=\""
              + wpUpload(name, "300x200")
              + "\" class=\"attachment-medium size-medium\" alt=\"\" decoding=\"async\" srcset=\""
              + wpSrcset("", name)
              + "\" sizes=\"(max-width: 300px) 100vw, 300px\"></a></p>\n"
              + wpFoot();
      r.put(attachment, page(att));
      wpSizes(r, name);
      originals.add(wpUpload(name, ""));
    }
    html.append("\n\t\t</div>\n").append(wpFoot());
    r.put("/2024/10/autumn/", page(html.toString()));
    return new Site("WordPress [gallery] shortcode", "/2024/10/autumn/", r, originals);
  }

  // ------------------------------------------------------------------ boorus

  private static String booruHead(String title, String bodyClass) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + title
        + "</title>\n</head>\n<body class=\""
        + bodyClass
        + "\">\n<header id=\"top\"><a id=\"app-name-header\" href=\"/\">Booru</a><nav"
        + " id=\"nav\"><menu id=\"main-menu\"><li><a href=\"/posts\">Posts</a></li><li><a"
        + " href=\"/tags\">Tags</a></li></menu></nav></header>\n";
  }

  /** Posts on 3 pages of 5; each post page links its original (png for some, jpg for others). */
  public static Site danbooru() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      StringBuilder html =
          new StringBuilder(booruHead("Posts | Danbooru", "c-posts a-index"))
              .append("<div id=\"page\"><div id=\"c-posts\"><div id=\"a-index\">")
              .append("<aside id=\"sidebar\"><section id=\"tag-box\"><h2>Tags</h2><ul")
              .append(" class=\"tag-list search-tag-list\"><li class=\"tag-type-0\"><a")
              .append(" class=\"search-tag\" href=\"/posts?tags=solo\">solo</a></li></ul>")
              .append("</section></aside><section id=\"content\"><div id=\"posts\"")
              .append(" class=\"user-disable-cropped-false\"><div class=\"posts-container")
              .append(" gap-2\">\n");
      for (int i = 0; i < 5; i++) {
        int id = 7000 + page * 10 + i;
        String h = md5("post" + id);
        String dir = h.substring(0, 2) + "/" + h.substring(2, 4) + "/";
        String ext = id % 2 == 0 ? "png" : "jpg";
        String original = "/data/original/" + dir + h + "." + ext;
        String preview = "/data/180x180/" + dir + h + ".jpg";
        String sample = "/data/sample/" + dir + "sample-" + h + ".jpg";
        html.append("<article id=\"post_")
            .append(id)
            .append("\" class=\"post-preview post-preview-fit-compact post-preview-180\"")
            .append(" data-id=\"")
            .append(id)
            .append("\" data-tags=\"1girl solo\" data-rating=\"g\" data-flags=\"\"")
            .append(" data-score=\"12\"><div class=\"post-preview-container\"><a")
            .append(" class=\"post-preview-link\" draggable=\"false\" href=\"/posts/")
            .append(id)
            .append("?q=solo\"><picture><source type=\"image/jpeg\" srcset=\"")
            .append(preview)
            .append(" 1x, /data/360x360/")
            .append(dir)
            .append(h)
            .append(".jpg 2x\"><img src=\"")
            .append(preview)
            .append("\" width=\"180\" height=\"135\" class=\"post-preview-image\" title=\"1girl")
            .append(" solo rating:g score:12\" alt=\"post #")
            .append(id)
            .append("\" crossorigin=\"anonymous\" draggable=\"false\"></picture></a></div>")
            .append("</article>\n");
        String post =
            booruHead("1girl solo | Danbooru", "c-posts a-show")
                + "<div id=\"page\"><div id=\"c-posts\"><div id=\"a-show\"><aside"
                + " id=\"sidebar\"><section id=\"post-information\"><h2>Information</h2><ul>"
                + "<li id=\"post-info-id\">ID: "
                + id
                + "</li><li id=\"post-info-size\">Size: <a href=\""
                + original
                + "\">1.21 MB ."
                + ext
                + "</a> (2000x1500)</li></ul></section><section id=\"post-options\"><h2>"
                + "Options</h2><ul><li id=\"post-option-resize-to-window\"><a"
                + " class=\"image-resize-to-window-link\" data-shortcut=\"z\""
                + " href=\"#\">Resize to window</a></li><li id=\"post-option-view-original\">"
                + "<a class=\"image-view-original-link\" href=\""
                + original
                + "\">View original</a></li><li id=\"post-option-download\"><a download=\"__"
                + h
                + "."
                + ext
                + "\" href=\""
                + original
                + "?download=1\">Download</a></li></ul></section></aside><section"
                + " id=\"content\"><section class=\"image-container note-container"
                + " blacklisted\" data-file-url=\""
                + original
                + "\"><picture><img width=\"850\" height=\"637\" id=\"image\" class=\"fit-width\""
                + " alt=\"1girl solo\" src=\""
                + sample
                + "\"></picture></section></section></div></div></div>\n</body>\n</html>\n";
        r.put("/posts/" + id + "?q=solo", page(post));
        r.put(original, ext.equals("png") ? png(original) : jpeg(original));
        r.put(preview, jpeg(preview));
        r.put(sample, jpeg(sample));
        originals.add(original);
      }
      html.append("</div></div><div class=\"paginator numbered-paginator mt-8 mb-4 space-x-2")
          .append(" flex justify-center items-center\">");
      if (page > 1) {
        html.append("<a class=\"paginator-prev\" rel=\"prev\" href=\"/posts?page=")
            .append(page - 1)
            .append("\" data-shortcut=\"a left\"><svg class=\"icon svg-icon chevron-left-icon\"")
            .append(" viewBox=\"0 0 320 512\"><path d=\"M41 239\"></path></svg></a>");
      }
      for (int p = 1; p <= 3; p++) {
        if (p == page) {
          html.append("<span class=\"paginator-current font-bold\">").append(p).append("</span>");
        } else {
          html.append("<a class=\"paginator-page desktop-only\" href=\"/posts?page=")
              .append(p)
              .append("\">")
              .append(p)
              .append("</a>");
        }
      }
      if (page < 3) {
        html.append("<a class=\"paginator-next\" rel=\"next\" href=\"/posts?page=")
            .append(page + 1)
            .append("\" data-shortcut=\"d right\"><svg class=\"icon svg-icon chevron-right-icon\"")
            .append(" viewBox=\"0 0 320 512\"><path d=\"M279 239\"></path></svg></a>");
      }
      html.append("</div></section></div></div></div>\n</body>\n</html>\n");
      r.put(page == 1 ? "/posts" : "/posts?page=" + page, page(html.toString()));
    }
    return new Site("Danbooru", "/posts", r, originals);
  }

  /** Moebooru's list: each item links its post and, directly, its full-size file. */
  public static Site moebooru() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder(booruHead("yande.re", "not-logged-in"))
              .append("<div id=\"content\"><div id=\"post-list\"><div class=\"sidebar\">")
              .append("<div><h5>Tags</h5><ul id=\"tag-sidebar\"><li class=\"tag-type-general\">")
              .append("<a href=\"/post?tags=dress\">dress</a></li></ul></div></div>")
              .append("<div class=\"content\"><div><ul id=\"post-list-posts\">\n");
      for (int i = 0; i < 6; i++) {
        int id = 9000 + page * 10 + i;
        String h = md5("moe" + id);
        String file = "/image/" + h + "/yande.re%20" + id + "%20dress.jpg";
        String preview = "/data/preview/" + h.substring(0, 2) + "/" + h.substring(2, 4) + "/" + h;
        html.append("<li style=\"width: 160px;\" id=\"p")
            .append(id)
            .append("\" class=\"creator-id-1 javascript-hide\"><div class=\"inner\"")
            .append(" style=\"width: 150px; height: 150px;\"><a class=\"thumb\" href=\"/post/show/")
            .append(id)
            .append("\"><img src=\"")
            .append(preview)
            .append(".jpg\" style=\"margin-left: 0px; margin-top: 18px;\" alt=\"Rating: Safe")
            .append(" Score: 5 Tags: dress\" class=\"preview\" title=\"Rating: Safe Score: 5")
            .append(" Tags: dress\" width=\"150\" height=\"113\"></a></div><a class=\"directlink")
            .append(" largeimg\" href=\"")
            .append(file)
            .append("\"><span class=\"directlink-info\"><img class=\"directlink-icon")
            .append(" directlink-icon-large\" src=\"/images/ddl_large.gif\" alt=\"\"></span>")
            .append("<span class=\"directlink-res\">2000 x 1500</span></a></li>\n");
        r.put(file, jpeg(file));
        r.put(preview + ".jpg", jpeg(preview + ".jpg"));
        originals.add(file);
      }
      html.append("</ul></div><div id=\"paginator\"><div class=\"pagination\">");
      html.append(
          page == 1
              ? "<span class=\"previous_page disabled\">← Previous</span> <em class=\"current\">1"
                  + "</em> <a rel=\"next\" href=\"/post?page=2\">2</a> <a class=\"next_page\""
                  + " rel=\"next\" href=\"/post?page=2\">Next →</a>"
              : "<a class=\"previous_page\" rel=\"prev\" href=\"/post?page=1\">← Previous</a> <a"
                  + " rel=\"prev\" href=\"/post?page=1\">1</a> <em class=\"current\">2</em> <span"
                  + " class=\"next_page disabled\">Next →</span>");
      html.append("</div></div></div></div></div>\n</body>\n</html>\n");
      r.put(page == 1 ? "/post" : "/post?page=2", page(html.toString()));
    }
    return new Site("Moebooru", "/post", r, originals);
  }

  /** Gelbooru 0.2: pid offsets in the pager, an "Original image" link on each post. */
  public static Site gelbooru() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    String list = "/index.php?page=post&s=list&tags=all";
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder(booruHead("Gelbooru", ""))
              .append("<div id=\"container\"><section class=\"aside\"><ul id=\"tag-list\">")
              .append("<li class=\"tag-type-general\"><a href=\"index.php?page=post&amp;s=list")
              .append("&amp;tags=sky\">sky</a></li></ul><div class=\"ad-box\"><a")
              .append(" href=\"https://ads.example/click?id=1\"><img src=\"https://ads.example/")
              .append("banner1.jpg\" width=\"300\" height=\"250\" alt=\"Advertisement\"></a>")
              .append("</div></section><main><div class=\"thumbnail-container\">\n");
      for (int i = 0; i < 4; i++) {
        int id = 500 + page * 10 + i;
        String h = md5("gel" + id);
        String dir = h.substring(0, 2) + "/" + h.substring(2, 4) + "/";
        String ext = id % 3 == 0 ? "png" : "jpg";
        String original = "/images/" + dir + h + "." + ext;
        String thumb = "/thumbnails/" + dir + "thumbnail_" + h + ".jpg";
        String sample = "/samples/" + dir + "sample_" + h + ".jpg";
        String view = "/index.php?page=post&s=view&id=" + id + "&tags=all";
        html.append("<article class=\"thumbnail-preview\"><a id=\"p")
            .append(id)
            .append("\" href=\"index.php?page=post&amp;s=view&amp;id=")
            .append(id)
            .append("&amp;tags=all\"><img src=\"")
            .append(thumb)
            .append("\" title=\" sky cloud score:3 rating:general\" alt=\"sky cloud\"")
            .append(" class=\"thumbnail-preview\"></a></article>\n");
        String post =
            booruHead("Gelbooru - sky cloud", "")
                + "<meta property=\"og:image\" content=\""
                + sample
                + "\"><div id=\"container\"><section class=\"aside\"><ul id=\"tag-list\"><li>"
                + "<a href=\"index.php?page=post&amp;s=list&amp;tags=sky\">sky</a></li><li><h3>"
                + "Options</h3></li><li><a href=\"#\" onclick=\"return false;\">Edit</a></li>"
                + "<li><a href=\""
                + original
                + "\" target=\"_blank\" rel=\"noopener\" style=\"font-weight: bold;\">Original"
                + " image</a></li></ul></section><main><section class=\"image-container"
                + " note-container\" data-width=\"2000\" data-height=\"1500\"><picture><img"
                + " alt=\"sky cloud\" height=\"637\" id=\"image\" src=\""
                + sample
                + "\" width=\"850\"></picture></section></main></div>\n</body>\n</html>\n";
        r.put(view, page(post));
        r.put(original, ext.equals("png") ? png(original) : jpeg(original));
        r.put(thumb, jpeg(thumb));
        r.put(sample, jpeg(sample));
        originals.add(original);
      }
      html.append("</div><div id=\"paginator\"><div class=\"pagination\">");
      if (page == 1) {
        html.append("<b>1</b><a href=\"?page=post&amp;s=list&amp;tags=all&amp;pid=4\">2</a>")
            .append("<a href=\"?page=post&amp;s=list&amp;tags=all&amp;pid=4\" alt=\"next\">")
            .append("&gt;</a><a href=\"?page=post&amp;s=list&amp;tags=all&amp;pid=4\"")
            .append(" alt=\"last page\">&gt;&gt;</a>");
      } else {
        html.append("<a href=\"?page=post&amp;s=list&amp;tags=all&amp;pid=0\" alt=\"first")
            .append(" page\">&lt;&lt;</a><a href=\"?page=post&amp;s=list&amp;tags=all&amp;pid=0\"")
            .append(" alt=\"back\">&lt;</a><a href=\"?page=post&amp;s=list&amp;tags=all&amp;")
            .append("pid=0\">1</a><b>2</b>");
      }
      html.append("</div></div></main></div>\n</body>\n</html>\n");
      r.put(page == 1 ? list : "/index.php?page=post&s=list&tags=all&pid=4", page(html.toString()));
    }
    r.put("/ads-placeholder", page("<p>ad</p>"));
    return new Site("Gelbooru", list, r, originals);
  }

  // ------------------------------------------------------------------ albums

  /** Coppermine: a table of thumbnails, display pages with the normal_ size, originals plain. */
  public static Site coppermine() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    String dir = "/gallery/albums/userpics/10001/";
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n")
              .append("<html dir=\"ltr\"><head><meta http-equiv=\"Content-Type\"")
              .append(" content=\"text/html; charset=utf-8\"><title>Holiday - My Gallery</title>")
              .append("</head><body><div id=\"cpg_logo_block_outer\"><div")
              .append(" id=\"cpg_logo_block_inner\"><div id=\"cpg_logo_block_logo\"><a")
              .append(" href=\"index.php\"><img src=\"themes/curve/images/coppermine-logo.png\"")
              .append(" border=\"0\" width=\"260\" height=\"60\" alt=\"\"></a></div></div></div>")
              .append("<div id=\"cpg_main_block_outer\"><table align=\"center\" width=\"100%\"")
              .append(" cellspacing=\"1\" cellpadding=\"0\" class=\"maintable \"><tr><td")
              .append(" class=\"tableh1\" colspan=\"4\"><h2>Holiday</h2></td></tr>\n");
      for (int row = 0; row < 2; row++) {
        html.append("<tr>\n");
        for (int col = 0; col < 4; col++) {
          int pid = page * 100 + row * 4 + col;
          String name = "p" + pid + ".jpg";
          html.append("<td valign=\"top\" class=\"thumbnails\" width=\"25%\" align=\"center\">")
              .append("<table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td")
              .append(" align=\"center\"><a href=\"displayimage.php?album=1&amp;pid=")
              .append(pid)
              .append("#top_display_media\"><img src=\"albums/userpics/10001/thumb_")
              .append(name)
              .append("\" class=\"image thumbnail\" width=\"100\" height=\"75\" border=\"0\"")
              .append(" alt=\"")
              .append(name)
              .append("\" title=\"Filename=")
              .append(name)
              .append("\"><br></a><span class=\"thumb_title thumb_title_title\">Beach ")
              .append(pid)
              .append("</span></td></tr></table></td>\n");
          String display =
              "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Beach - My"
                  + " Gallery</title></head><body><div id=\"cpg_logo_block_logo\"><a"
                  + " href=\"index.php\"><img src=\"themes/curve/images/coppermine-logo.png\""
                  + " border=\"0\" width=\"260\" height=\"60\" alt=\"\"></a></div><table"
                  + " class=\"maintable\"><tr><td align=\"center\" class=\"display_media\""
                  + " nowrap=\"nowrap\"><table width=\"100%\" cellspacing=\"2\""
                  + " cellpadding=\"0\"><tr><td align=\"center\" style=\"{SLIDESHOW_STYLE}\"><a"
                  + " href=\"javascript:;\" onclick=\"MM_openBrWindow('displayimage.php?pid="
                  + pid
                  + "&amp;fullsize=1','1','scrollbars=yes,toolbar=no,status=no,resizable=yes,"
                  + "width=2008,height=1508')\"><img src=\"albums/userpics/10001/normal_"
                  + name
                  + "\" width=\"400\" height=\"300\" class=\"image\" border=\"0\" alt=\""
                  + name
                  + "\" title=\"Click to view full size image\"><br></a></td></tr></table></td>"
                  + "</tr><tr><td class=\"thumbnails\"><a href=\"displayimage.php?album=1&amp;"
                  + "pid="
                  + (pid + 1)
                  + "#top_display_media\"><img src=\"albums/userpics/10001/thumb_p"
                  + (pid + 1)
                  + ".jpg\" class=\"strip_image\" border=\"0\" width=\"100\" height=\"75\""
                  + " alt=\"\"></a></td></tr></table></body></html>\n";
          r.put("/gallery/displayimage.php?album=1&pid=" + pid, page(display));
          for (String prefix : List.of("", "thumb_", "normal_")) {
            r.put(dir + prefix + name, jpeg(dir + prefix + name));
          }
          originals.add(dir + name);
        }
        html.append("</tr>\n");
      }
      html.append("<tr><td colspan=\"4\" style=\"padding: 0px;\"><table width=\"100%\"")
          .append(" cellspacing=\"0\" cellpadding=\"0\"><tr><td width=\"100%\"")
          .append(" align=\"left\" valign=\"middle\" class=\"tableh1_compact\"")
          .append(" style=\"white-space: nowrap\">16 files on 2 page(s)</td>");
      if (page == 1) {
        html.append("<td align=\"center\" valign=\"middle\" class=\"tableb_compact\"><b>1</b>")
            .append("</td><td align=\"center\" valign=\"middle\" class=\"navmenu\"><a")
            .append(" href=\"thumbnails.php?album=1&amp;page=2\"><b>2</b></a></td>");
      } else {
        html.append("<td align=\"center\" valign=\"middle\" class=\"navmenu\"><a")
            .append(" href=\"thumbnails.php?album=1&amp;page=1\"><b>1</b></a></td><td")
            .append(" align=\"center\" valign=\"middle\" class=\"tableb_compact\"><b>2</b></td>");
      }
      html.append("</tr></table></td></tr></table></div><div class=\"footer\"")
          .append(" align=\"center\" style=\"padding:10px;display:block;\">Powered by <a")
          .append(" href=\"http://coppermine-gallery.net/\">Coppermine Photo Gallery</a>")
          .append("</div></body></html>\n");
      r.put(
          page == 1 ? "/gallery/thumbnails.php?album=1" : "/gallery/thumbnails.php?album=1&page=2",
          page(html.toString()));
    }
    return new Site("Coppermine", "/gallery/thumbnails.php?album=1", r, originals);
  }

  /** Piwigo: derivatives under _data/i, a download link per picture page, rel=next pager. */
  public static Site piwigo() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n")
              .append("<meta charset=\"utf-8\">\n<title>Mountains | Piwigo demo</title>\n");
      if (page == 1) {
        html.append("<link rel=\"next\" href=\"index.php?/category/3/start-6\">\n");
      }
      html.append("</head>\n<body id=\"theCategoryPage\" class=\"section-categories")
          .append(" category-3\">\n<div id=\"the_page\"><div id=\"theHeader\"><h1>Piwigo")
          .append(" demo</h1></div>\n<div id=\"content\" class=\"content contentWithMenu\">")
          .append("<div class=\"titrePage\"><h2><a href=\"/\">Home</a> / <a")
          .append(" href=\"index.php?/category/3\">Mountains</a></h2></div>\n")
          .append("<ul class=\"thumbnails\" id=\"thumbnails\">\n");
      for (int i = 0; i < 6; i++) {
        int id = page * 10 + i;
        String stem = "/upload/2024/01/01/20240101120000-a1b2c3" + id;
        html.append("<li><span class=\"wrap1\"><span class=\"wrap2\"><a")
            .append(" href=\"picture.php?/")
            .append(id)
            .append("/category/3\"><img class=\"thumbnail\" src=\"_data/i")
            .append(stem)
            .append("-th.jpg\" alt=\"peak")
            .append(id)
            .append("\" title=\"peak")
            .append(id)
            .append(" (1200 visits)\"></a></span><span class=\"thumbLegend\"><span")
            .append(" class=\"thumbName\">peak")
            .append(id)
            .append("</span></span></span></li>\n");
        String picture =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>peak"
                + id
                + " | Piwigo demo</title></head><body id=\"thePicturePage\"><div"
                + " id=\"imageHeaderBar\"><div class=\"browsePath\"><a href=\"/\">Home</a></div>"
                + "</div><div id=\"imageToolBar\"><div class=\"actionButtons\"><a"
                + " id=\"downloadSwitchLink\" href=\"action.php?id="
                + id
                + "&amp;part=e&amp;download\" title=\"Download this file\" class=\"pwg-state-"
                + "default pwg-button\" rel=\"nofollow\"><span class=\"pwg-icon"
                + " pwg-icon-save\"></span><span class=\"pwg-button-text\">download</span></a>"
                + "</div></div><div id=\"theImageAndInfos\"><div id=\"theImage\"><img"
                + " width=\"792\" height=\"594\" src=\"_data/i"
                + stem
                + "-me.jpg\" alt=\"peak"
                + id
                + "\" id=\"theMainImage\" usemap=\"#mapmedium\" title=\"peak"
                + id
                + "\"></div></div></body></html>\n";
        r.put("/picture.php?/" + id + "/category/3", page(picture));
        r.put("/action.php?id=" + id + "&part=e&download", jpeg(stem + ".jpg"));
        r.put(stem + ".jpg", jpeg(stem + ".jpg"));
        r.put("/_data/i" + stem + "-th.jpg", jpeg("/_data/i" + stem + "-th.jpg"));
        r.put("/_data/i" + stem + "-me.jpg", jpeg("/_data/i" + stem + "-me.jpg"));
        originals.add(stem + ".jpg");
      }
      html.append("</ul>\n<div class=\"navigationBar\">");
      html.append(
          page == 1
              ? "<span class=\"navFirstLast\">First |</span> <span class=\"navPrevNext\">Previous"
                  + " |</span> <span class=\"pageNumberSelected\">1</span> <a"
                  + " href=\"index.php?/category/3/start-6\">2</a> <span class=\"navPrevNext\">|"
                  + " <a href=\"index.php?/category/3/start-6\" rel=\"next\">Next</a></span>"
              : "<span class=\"navPrevNext\"><a href=\"index.php?/category/3\""
                  + " rel=\"prev\">Previous</a> |</span> <a href=\"index.php?/category/3\">1</a>"
                  + " <span class=\"pageNumberSelected\">2</span>");
      html.append("</div></div></div>\n</body>\n</html>\n");
      r.put(
          page == 1 ? "/index.php?/category/3" : "/index.php?/category/3/start-6",
          page(html.toString()));
    }
    return new Site("Piwigo", "/index.php?/category/3", r, originals);
  }

  /** Zenphoto: album thumbnails from the cache, image pages linking the full image. */
  public static Site zenphoto() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>")
              .append("Summer | Zenphoto</title></head><body><div id=\"main\"><div")
              .append(" id=\"gallerytitle\"><h2><a href=\"/\">Gallery</a> | Summer</h2></div>")
              .append("<div id=\"padbox\"><div id=\"images\">\n");
      for (int i = 0; i < 5; i++) {
        String name = "beach" + (page * 10 + i);
        html.append("<div class=\"image\"><div class=\"imagethumb\"><a href=\"/summer/")
            .append(name)
            .append(".jpg.html\" title=\"")
            .append(name)
            .append("\"><img src=\"/cache/summer/")
            .append(name)
            .append("_100_cw85_ch85_thumb.jpg\" alt=\"")
            .append(name)
            .append("\" width=\"85\" height=\"85\"></a></div></div>\n");
        String imagePage =
            "<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>"
                + name
                + " | Summer | Zenphoto</title></head><body><div id=\"main\"><div"
                + " id=\"gallerytitle\"><h2><a href=\"/\">Gallery</a> | <a"
                + " href=\"/summer/\">Summer</a> | "
                + name
                + "</h2></div><div id=\"image\"><strong><a href=\"/albums/summer/"
                + name
                + ".jpg\" title=\""
                + name
                + "\"><img src=\"/cache/summer/"
                + name
                + "_595.jpg\" alt=\""
                + name
                + "\" width=\"595\" height=\"446\"></a></strong></div></div></body></html>\n";
        r.put("/summer/" + name + ".jpg.html", page(imagePage));
        r.put("/albums/summer/" + name + ".jpg", jpeg("/albums/summer/" + name + ".jpg"));
        r.put(
            "/cache/summer/" + name + "_100_cw85_ch85_thumb.jpg",
            jpeg("/cache/summer/" + name + "_100_cw85_ch85_thumb.jpg"));
        originals.add("/albums/summer/" + name + ".jpg");
      }
      html.append("</div><div class=\"pagelist\"><ul class=\"pagelist\">");
      html.append(
          page == 1
              ? "<li class=\"prev\"><span class=\"disabledlink\">« prev</span></li><li"
                  + " class=\"current\"><a href=\"/summer/\" title=\"Page 1 (Current Page)\">1</a>"
                  + "</li><li><a href=\"/summer/page/2/\" title=\"Page 2\">2</a></li><li"
                  + " class=\"next\"><a href=\"/summer/page/2/\" title=\"Next Page\">next »</a>"
                  + "</li>"
              : "<li class=\"prev\"><a href=\"/summer/\" title=\"Previous Page\">« prev</a></li>"
                  + "<li><a href=\"/summer/\" title=\"Page 1\">1</a></li><li class=\"current\"><a"
                  + " href=\"/summer/page/2/\" title=\"Page 2 (Current Page)\">2</a></li><li"
                  + " class=\"next\"><span class=\"disabledlink\">next »</span></li>");
      html.append("</ul></div></div></div></body></html>\n");
      r.put(page == 1 ? "/summer/" : "/summer/page/2/", page(html.toString()));
    }
    return new Site("Zenphoto", "/summer/", r, originals);
  }

  // ------------------------------------------------------------------ blogs

  /** A Tumblr-like theme: photo posts linking their permalink pages, 2 pages. */
  public static Site tumblr() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
              .append("kitsune cosplay</title></head><body><header id=\"header\"><a href=\"/\">")
              .append("<img class=\"avatar\" src=\"/avatar_64.png\" width=\"64\" height=\"64\"")
              .append(" alt=\"kitsune\"></a><h1>kitsune cosplay</h1></header><div")
              .append(" id=\"posts\">\n");
      for (int i = 0; i < 6; i++) {
        long id = 700000L + page * 10 + i;
        String h = md5("tumblr" + id);
        String size = "/" + h.substring(0, 12) + "/s500x750/" + h + ".jpg";
        String big = "/" + h.substring(0, 12) + "/s2048x3072/" + h + ".jpg";
        String mid = "/" + h.substring(0, 12) + "/s1280x1920/" + h + ".jpg";
        String permalink = "/post/" + id + "/convention-day-" + i;
        html.append("<article class=\"post photo\" id=\"")
            .append(id)
            .append("\"><div class=\"photo-wrapper\"><a href=\"")
            .append(permalink)
            .append("\"><img src=\"")
            .append(size)
            .append("\" alt=\"\" width=\"500\" height=\"750\"></a></div><div")
            .append(" class=\"caption\"><p>Day ")
            .append(i)
            .append("</p></div><footer class=\"post-meta\"><a href=\"")
            .append(permalink)
            .append("\">12 notes</a></footer></article>\n");
        String post =
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>kitsune cosplay</title>"
                + "<meta property=\"og:image\" content=\""
                + mid
                + "\"></head><body><header id=\"header\"><a href=\"/\"><img class=\"avatar\""
                + " src=\"/avatar_64.png\" width=\"64\" height=\"64\" alt=\"kitsune\"></a>"
                + "</header><article class=\"post photo\"><figure class=\"tmblr-full\""
                + " data-orig-height=\"3072\" data-orig-width=\"2048\"><img src=\""
                + mid
                + "\" srcset=\""
                + size
                + " 500w, "
                + mid
                + " 1280w, "
                + big
                + " 2048w\" sizes=\"(max-width: 540px) 100vw, 540px\" alt=\"\""
                + " data-orig-height=\"3072\" data-orig-width=\"2048\"></figure></article>"
                + "</body></html>\n";
        r.put(permalink, page(post));
        for (String p : List.of(size, mid, big)) {
          r.put(p, jpeg(p));
        }
        originals.add(big);
      }
      html.append("</div><nav class=\"pagination\">");
      if (page == 1) {
        html.append("<a class=\"next\" href=\"/page/2\">Older posts</a>");
      } else {
        html.append("<a class=\"prev\" href=\"/\">Newer posts</a>");
      }
      html.append("</nav></body></html>\n");
      r.put(page == 1 ? "/" : "/page/2", page(html.toString()));
    }
    r.put("/avatar_64.png", png("/avatar_64.png"));
    return new Site("Tumblr-like", "/", r, originals);
  }

  /** Blogger: posts whose pictures link their s1600 originals; "Older Posts" pager. */
  public static Site blogger() {
    Map<String, Resource> r = new LinkedHashMap<>();
    List<String> originals = new ArrayList<>();
    for (int page = 1; page <= 2; page++) {
      StringBuilder html =
          new StringBuilder("<!DOCTYPE html>\n<html dir=\"ltr\"><head><meta charset=\"UTF-8\">")
              .append("<title>Garden diary</title></head><body><div class=\"content\"><header>")
              .append("<div class=\"header-outer\"><div id=\"header\"><div id=\"Header1\"")
              .append(" class=\"widget Header\"><a href=\"/\"><img")
              .append(" id=\"Header1_headerimg\" src=\"/img/header-banner.jpg\" width=\"1000\"")
              .append(" height=\"200\" alt=\"Garden diary\"></a></div></div></div></header>")
              .append("<div class=\"main-outer\"><div id=\"main\" class=\"main section\"><div")
              .append(" class=\"widget Blog\" id=\"Blog1\"><div class=\"blog-posts hfeed\">\n");
      for (int i = 0; i < 4; i++) {
        int n = page * 10 + i;
        String stem = "/img/b/R29vZ2xl/AVvXsE" + md5("b" + n).substring(0, 10);
        String small = stem + "/s320/rose-" + n + ".jpg";
        String full = stem + "/s1600/rose-" + n + ".jpg";
        html.append("<div class=\"date-outer\"><h2 class=\"date-header\"><span>May ")
            .append(n)
            .append("</span></h2><div class=\"post-outer\"><div class=\"post hentry\"><h3")
            .append(" class=\"post-title entry-title\"><a href=\"/2024/05/rose-")
            .append(n)
            .append(".html\">Rose ")
            .append(n)
            .append("</a></h3><div class=\"post-body entry-content\"><div class=\"separator\"")
            .append(" style=\"clear: both; text-align: center;\"><a href=\"")
            .append(full)
            .append("\" style=\"margin-left: 1em; margin-right: 1em;\"><img border=\"0\"")
            .append(" data-original-height=\"1200\" data-original-width=\"1600\"")
            .append(" height=\"240\" src=\"")
            .append(small)
            .append("\" width=\"320\"></a></div>In bloom today.</div></div></div></div>\n");
        r.put(small, jpeg(small));
        r.put(full, jpeg(full));
        originals.add(full);
      }
      html.append("</div><div class=\"blog-pager\" id=\"blog-pager\">");
      if (page == 1) {
        html.append("<span id=\"blog-pager-older-link\"><a class=\"blog-pager-older-link\"")
            .append(" href=\"/search?updated-max=2024-05-10&amp;max-results=4\"")
            .append(" id=\"Blog1_blog-pager-older-link\" title=\"Older Posts\">Older Posts</a>")
            .append("</span>");
      }
      html.append("<a class=\"home-link\" href=\"/\">Home</a></div></div></div></div></div>")
          .append("<footer><div class=\"widget Attribution\">Powered by <a")
          .append(" href=\"https://www.blogger.com\">Blogger</a>.</div></footer></body></html>\n");
      r.put(
          page == 1 ? "/" : "/search?updated-max=2024-05-10&max-results=4", page(html.toString()));
    }
    r.put("/img/header-banner.jpg", jpeg("/img/header-banner.jpg"));
    return new Site("Blogger", "/", r, originals);
  }

  // ------------------------------------------------------------------ not galleries

  /** A news article: a logo, two figures, share icons. */
  public static Site article() {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>City council"
            + " approves new park | The Daily</title><meta property=\"og:image\""
            + " content=\"/media/park-hero.jpg\"></head><body><header class=\"site-header\"><a"
            + " href=\"/\" class=\"logo\"><img src=\"/static/daily-logo.png\" width=\"180\""
            + " height=\"60\" alt=\"The Daily\"></a><nav><ul><li><a href=\"/news\">News</a></li>"
            + "<li><a href=\"/sport\">Sport</a></li></ul></nav></header><main><article"
            + " class=\"story\"><h1>City council approves new park</h1><p class=\"byline\">By A."
            + " Writer</p><figure class=\"story-figure\"><img src=\"/media/park-hero.jpg\""
            + " width=\"1200\" height=\"675\" alt=\"The site of the park\"><figcaption>The site"
            + "</figcaption></figure><p>The council voted on Tuesday.</p><p>Work starts in"
            + " spring.</p><figure class=\"story-figure\"><img src=\"/media/park-plan.jpg\""
            + " width=\"1200\" height=\"675\" alt=\"The plan\"><figcaption>The plan</figcaption>"
            + "</figure><p>Residents welcomed it.</p><div class=\"share\"><a"
            + " href=\"https://twitter.example/share\"><img src=\"/static/icons/x.svg\""
            + " width=\"24\" height=\"24\" alt=\"Share on X\"></a><a"
            + " href=\"https://facebook.example/share\"><img src=\"/static/icons/fb.svg\""
            + " width=\"24\" height=\"24\" alt=\"Share on Facebook\"></a><a"
            + " href=\"mailto:?subject=park\"><img src=\"/static/icons/mail.svg\" width=\"24\""
            + " height=\"24\" alt=\"Email\"></a></div></article></main><footer><p>© The Daily"
            + "</p></footer></body></html>\n";
    Map<String, Resource> r = new LinkedHashMap<>();
    r.put("/news/2024/park", page(html));
    for (String p : List.of("/media/park-hero.jpg", "/media/park-plan.jpg")) {
      r.put(p, jpeg(p));
    }
    r.put("/static/daily-logo.png", png("/static/daily-logo.png"));
    return new Site("news article", "/news/2024/park", r, List.of());
  }

  /** A phpBB thread: avatars, rank images, smilies, one posted picture. */
  public static Site forumThread() {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html dir=\"ltr\" lang=\"en-gb\"><head>")
            .append("<meta charset=\"utf-8\"><title>Best camera for cosplay? - Photo Forum")
            .append("</title></head><body id=\"phpbb\" class=\"nojs notouch section-viewtopic")
            .append(" ltr\"><div id=\"wrap\" class=\"wrap\"><div id=\"page-header\"><div")
            .append(" class=\"headerbar\" role=\"banner\"><a id=\"logo\" class=\"logo\"")
            .append(" href=\"./index.php\"><span class=\"site_logo\"></span></a></div></div>")
            .append("<div id=\"page-body\" class=\"page-body\" role=\"main\"><h2")
            .append(" class=\"topic-title\"><a href=\"./viewtopic.php?t=12\">Best camera for")
            .append(" cosplay?</a></h2>\n");
    Map<String, Resource> r = new LinkedHashMap<>();
    String[] users = {"anna", "ben", "chiyo", "anna", "ben", "anna"};
    for (int i = 0; i < users.length; i++) {
      int u = 2 + (users[i].charAt(0) - 'a');
      html.append("<div id=\"p")
          .append(100 + i)
          .append("\" class=\"post has-profile bg")
          .append(i % 2 + 1)
          .append("\"><div class=\"inner\"><dl class=\"postprofile\" id=\"profile")
          .append(100 + i)
          .append("\"><dt class=\"has-profile-rank has-avatar\"><div")
          .append(" class=\"avatar-container\"><a href=\"./memberlist.php?mode=viewprofile")
          .append("&amp;u=")
          .append(u)
          .append("\" class=\"avatar\"><img class=\"avatar\" src=\"./download/file.php?avatar=")
          .append(u)
          .append("_1700000000.jpg\" width=\"90\" height=\"90\" alt=\"User avatar\"></a></div>")
          .append("<a href=\"./memberlist.php?mode=viewprofile&amp;u=")
          .append(u)
          .append("\" class=\"username\">")
          .append(users[i])
          .append("</a></dt><dd class=\"profile-rank\">Regular<br><img")
          .append(" src=\"./images/ranks/rank")
          .append(u % 2)
          .append(".gif\" alt=\"Regular\" title=\"Regular\"></dd><dd class=\"profile-posts\">")
          .append("<strong>Posts:</strong> 120</dd></dl><div class=\"postbody\"><div")
          .append(" id=\"post_content")
          .append(100 + i)
          .append("\"><h3><a href=\"#p")
          .append(100 + i)
          .append("\">Re: Best camera for cosplay?</a></h3><div class=\"content\">I use a")
          .append(" mirrorless <img class=\"smilies\" src=\"./images/smilies/icon_e_smile.gif\"")
          .append(" width=\"15\" height=\"17\" alt=\":)\" title=\"Smile\">");
      if (i == 2) {
        html.append("<br><img src=\"https://photos.example/my-setup.jpg\" class=\"postimage\"")
            .append(" alt=\"Image\">");
      }
      html.append("</div></div></div></div></div>\n");
    }
    html.append("<div class=\"action-bar bar-bottom\"><div class=\"pagination\">6 posts<ul>")
        .append("<li class=\"active\"><span>1</span></li><li><a class=\"button\"")
        .append(" href=\"./viewtopic.php?t=12&amp;start=6\" role=\"button\">2</a></li><li")
        .append(" class=\"arrow next\"><a class=\"button button-icon-only\"")
        .append(" href=\"./viewtopic.php?t=12&amp;start=6\" rel=\"next\" role=\"button\"><i")
        .append(" class=\"icon fa-chevron-right fa-fw\" aria-hidden=\"true\"></i><span")
        .append(" class=\"sr-only\">Next</span></a></li></ul></div></div></div>")
        .append("<div id=\"page-footer\" class=\"page-footer\" role=\"contentinfo\">Powered by")
        .append(" <a href=\"https://www.phpbb.com/\">phpBB</a>® Forum Software</div></div>")
        .append("</body></html>\n");
    r.put("/forum/viewtopic.php?t=12", page(html.toString()));
    return new Site("forum thread", "/forum/viewtopic.php?t=12", r, List.of());
  }

  /** A login page: a logo and a captcha. */
  public static Site loginPage() {
    String html =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in</title></head><body"
            + " class=\"login\"><div class=\"login-box\"><img class=\"brand\" src=\"/img/brand.png\""
            + " width=\"160\" height=\"80\" alt=\"PhotoHub\"><form method=\"post\""
            + " action=\"/session\"><label>User <input name=\"user\"></label><label>Password"
            + " <input type=\"password\" name=\"password\"></label><img"
            + " src=\"/captcha?id=8271\" width=\"120\" height=\"40\" alt=\"captcha\"><button>Sign"
            + " in</button></form><p><a href=\"/signup\">Create an account</a></p></div></body>"
            + "</html>\n";
    Map<String, Resource> r = new LinkedHashMap<>();
    r.put("/login", page(html));
    r.put("/img/brand.png", png("/img/brand.png"));
    return new Site("login page", "/login", r, List.of());
  }

  // ------------------------------------------------------------------ bodies and serving

  private static Resource page(String html) {
    return new Resource(HTML, html.getBytes(StandardCharsets.UTF_8));
  }

  /** A tiny body with JPEG magic, distinct per path. */
  static Resource jpeg(String path) {
    byte[] tag = path.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[tag.length + 6];
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    b[3] = (byte) 0xE0;
    System.arraycopy(tag, 0, b, 4, tag.length);
    b[b.length - 2] = (byte) 0xFF;
    b[b.length - 1] = (byte) 0xD9;
    return new Resource("image/jpeg", b);
  }

  static Resource png(String path) {
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    byte[] tag = path.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[magic.length + tag.length];
    System.arraycopy(magic, 0, b, 0, magic.length);
    System.arraycopy(tag, 0, b, magic.length, tag.length);
    return new Resource("image/png", b);
  }

  /** A loopback server for one site; counts requests. */
  public static final class Server implements AutoCloseable {
    private final HttpServer http;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Server(Site site) throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            String raw = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String path = decodePath(raw) + (query == null ? "" : "?" + query);
            paths.add(path);
            Resource res = lookup(site, path);
            if (res == null) {
              res = lookup(site, raw + (query == null ? "" : "?" + query));
            }
            byte[] body = res == null ? "not found".getBytes(StandardCharsets.UTF_8) : res.body();
            exchange
                .getResponseHeaders()
                .set("Content-Type", res == null ? "text/plain" : res.contentType());
            exchange.sendResponseHeaders(res == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      http.start();
    }

    /** Like a real server, the order of query parameters does not matter. */
    private static Resource lookup(Site site, String path) {
      Resource r = site.resources().get(path);
      if (r != null || path.indexOf('?') < 0) {
        return r;
      }
      String want = sortedQuery(path);
      for (Map.Entry<String, Resource> e : site.resources().entrySet()) {
        if (e.getKey().indexOf('?') >= 0 && sortedQuery(e.getKey()).equals(want)) {
          return e.getValue();
        }
      }
      return null;
    }

    private static String sortedQuery(String path) {
      int q = path.indexOf('?');
      List<String> params = new ArrayList<>(List.of(path.substring(q + 1).split("&")));
      params.sort(null);
      return path.substring(0, q) + "?" + String.join("&", params);
    }

    private static String decodePath(String raw) {
      // keep %20 and friends as the fixtures write them, decode only what browsers would send
      return raw.replace("%3A", ":").replace("%3a", ":");
    }

    public String base() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public String url(String path) {
      return base() + path;
    }

    public int requests() {
      return requests.get();
    }

    public List<String> paths() {
      return List.copyOf(paths);
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
