package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --follow-tree} and {@code --max-depth} from the command line and recipes, on a small
 * gallery in thumbsup's markup: home -> 2016, 2017 (album cards only) -> albums of two pages each
 * ({@code london.html}, {@code london2.html}), thumbnails linking to the originals. 2017 also links
 * back to 2016 and home (a cycle), and home to an album on another host (127.0.0.2). Beside it,
 * {@code /cards/index.html}: three album cards leading to albums of three pictures each.
 */
class GalleryTreeCliTest {
  static final String[] ALBUMS = {"2016-london", "2016-paris", "2017-rome"};
  static DemoGallery pictures;
  static HttpServer site;
  static HttpServer elsewhere;
  static final Map<String, byte[]> files = new HashMap<>();
  static final Queue<String> requests = new ConcurrentLinkedQueue<>();

  @TempDir Path tmp;

  @BeforeAll
  static void startSite() throws IOException {
    pictures = DemoGallery.builder().latency(Duration.ZERO).pages(1).worksPerPage(23).start();
    List<String> ids = pictures.workIds();
    elsewhere = serve("127.0.0.2");
    page(
        "/index.html",
        cards(
            "2016.html",
            "2017.html",
            "http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/elsewhere.html"));
    page("/2016.html", cards("2016-london.html", "2016-paris.html"));
    page("/2017.html", cards("2017-rome.html", "2016.html", "index.html"));
    StringBuilder other = new StringBuilder("<ul id=\"media\">");
    for (String id : ids.subList(12, 14)) {
      files.put("/media/original/" + id + ".jpg", pictures.fullImage(id));
      other.append("<li><a href=\"media/original/").append(id).append(".jpg\"></a></li>");
    }
    page("/elsewhere.html", other.append("</ul>").toString());
    int n = 0;
    for (String album : ALBUMS) {
      for (int p = 1; p <= 2; p++) {
        StringBuilder media = new StringBuilder("<ul id=\"media\">");
        for (int i = 0; i < 2; i++) {
          media.append(mediaItem(ids.get(n++)));
        }
        media
            .append("</ul><nav class=\"pagination\">Pages: <a class=\"page\" href=\"")
            .append(album)
            .append(".html\">1</a> <a class=\"page\" href=\"")
            .append(album)
            .append("2.html\">2</a></nav>");
        page("/" + album + (p == 1 ? "" : "2") + ".html", media.toString());
      }
    }
    // a home of album cards with pictures of its own in no album: /cards/a.html, b.html, c.html
    StringBuilder home = new StringBuilder("<ul id=\"galleries\">");
    n = 14; // after the pictures of elsewhere.html
    for (String album : List.of("a", "b", "c")) {
      StringBuilder media = new StringBuilder("<ul id=\"media\">");
      home.append("<li><a href=\"").append(album).append(".html\"><h3>").append(album);
      home.append("</h3><img src=\"/media/thumbs/").append(ids.get(n)).append(".jpg\"></a></li>");
      for (int i = 0; i < 3; i++) {
        media.append(mediaItem(ids.get(n++)));
      }
      page("/cards/" + album + ".html", media.append("</ul>").toString());
    }
    page("/cards/index.html", home.append("</ul>").toString());
    site = serve("127.0.0.1");
  }

  /** One picture of an album: its thumbnail linking its original, both served. */
  static String mediaItem(String id) {
    files.put("/media/original/" + id + ".jpg", pictures.fullImage(id));
    files.put("/media/thumbs/" + id + ".jpg", pictures.thumbnail(id));
    return "<li><a href=\"/media/original/"
        + id
        + ".jpg\"><img src=\"/media/thumbs/"
        + id
        + ".jpg\" width=\"120\" height=\"120\"></a></li>";
  }

  /** A server on {@code address} for the site's files; every request is logged as HOST PATH. */
  static HttpServer serve(String address) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.add(address + " " + ex.getRequestURI().getPath());
          byte[] body = files.get(ex.getRequestURI().getPath());
          boolean html = ex.getRequestURI().getPath().endsWith(".html");
          ex.getResponseHeaders().set("Content-Type", html ? "text/html" : "image/jpeg");
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
          } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    server.start();
    return server;
  }

  static void page(String path, String body) {
    String html =
        "<!DOCTYPE html><html><head><title>Photos</title></head><body>"
            + "<header><a href=\"index.html\"><h1>Photos</h1></a></header>"
            + body
            + "</body></html>";
    files.put(path, html.getBytes(StandardCharsets.UTF_8));
  }

  static String cards(String... albums) {
    StringBuilder h = new StringBuilder("<ul id=\"galleries\">");
    for (String a : albums) {
      h.append("<li><a href=\"")
          .append(a)
          .append("\"><h3>")
          .append(a)
          .append("</h3><ul class=\"grid\"><li><img src=\"media/thumbs/preview.jpg\" /></li>")
          .append("</ul></a></li>");
    }
    return h.append("</ul><ul id=\"media\"></ul>").toString();
  }

  @AfterAll
  static void stopSite() {
    site.stop(0);
    elsewhere.stop(0);
    pictures.close();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + site.getAddress().getPort() + path;
  }

  private static void assertOneLineError(Run r, String naming) {
    TrawlCliTest.assertOneLineError(r, ExitCode.USAGE, naming);
  }

  long pictureFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).count();
    }
  }

  /**
   * trawl get from the home page through the album tree, taking {@code select} into {@code out}.
   */
  static Run tree(String select, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "get",
                url("/index.html"),
                "--follow-tree",
                "#galleries a",
                "--next",
                "nav.pagination a",
                "--select",
                select,
                "-o",
                out.toString()));
    args.addAll(List.of(more));
    return trawl(args.toArray(String[]::new));
  }

  @Test
  void followTreeFromTheHomePageSavesEveryPictureOfEveryAlbumPage() throws IOException {
    Path out = tmp.resolve("tree");
    Run r = tree("#media a", out);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictureFiles(out)).isEqualTo(12);
    assertThat(r.out()).contains("pages   9 read").contains("12 saved");
    assertThat(r.err()).doesNotContain("no picture saved").doesNotContain("thumbnail-sized");
  }

  @Test
  void theTreeFetchesEveryPageOnceThroughItsCycleAndStaysOnTheStartHostUnlessSpanHosts()
      throws IOException {
    requests.clear();
    Run here = tree("#media a", tmp.resolve("here"));

    assertThat(here.code()).as(here.err()).isZero();
    assertThat(pictureFiles(tmp.resolve("here"))).isEqualTo(12);
    List<String> pages = requests.stream().filter(r -> r.endsWith(".html")).toList();
    assertThat(pages).doesNotHaveDuplicates().hasSize(9).allMatch(r -> r.startsWith("127.0.0.1 "));
    assertThat(requests).noneMatch(r -> r.startsWith("127.0.0.2 "));

    requests.clear();
    Run spanning = tree("#media a", tmp.resolve("span"), "--span-hosts");

    assertThat(spanning.code()).as(spanning.err()).isZero();
    assertThat(pictureFiles(tmp.resolve("span"))).isEqualTo(14);
    assertThat(requests.stream().filter(r -> r.endsWith(".html")))
        .doesNotHaveDuplicates()
        .hasSize(10)
        .contains("127.0.0.2 /elsewhere.html");
  }

  @Test
  void savingOnlyThumbnailsEndsWithOneLineSayingSoAndWhatToTry() throws IOException {
    Path out = tmp.resolve("thumbs");
    Run r = tree("#media img", out); // the thumbnails (120x90), not the links to the originals

    assertThat(r.code()).as(r.err()).isZero(); // pictures were saved: a warning, not a failure
    assertThat(pictureFiles(out)).isEqualTo(12);
    assertThat(r.err().lines().filter(l -> l.contains("thumbnail-sized")).toList())
        .as(r.err())
        .singleElement()
        .asString()
        .startsWith("trawl: all 12 pictures saved are thumbnail-sized (under 200x200)")
        .contains("`trawl inspect " + url("/index.html") + "`")
        .contains("--follow")
        .contains("--attr href");

    Run json =
        trawl(
            "get",
            url("/2016-london.html"),
            "--select",
            "#media img",
            "--json",
            "-o",
            tmp.resolve("thumbs-json").toString());
    assertThat(json.out().replaceAll("\\s+", ""))
        .contains("\"thumbnails\":2")
        .contains("\"shortfall\":\"only_thumbnails\"");
  }

  @Test
  void theUnnumberedFirstPageOfAnAlbumIsPage1InFileNames() throws IOException {
    Path out = tmp.resolve("paged");
    List<String> ids = pictures.workIds();
    Run r =
        trawl(
            "get",
            url("/2016-london{,2..}.html"),
            "--select",
            "#media a",
            "--filename",
            "p{page_n}/{name}.{ext}",
            "-o",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("p1")).isDirectoryContaining("glob:**/" + ids.get(0) + ".jpg");
    assertThat(out.resolve("p1")).isDirectoryContaining("glob:**/" + ids.get(1) + ".jpg");
    assertThat(out.resolve("p2")).isDirectoryContaining("glob:**/" + ids.get(2) + ".jpg");
    assertThat(out.resolve("p2")).isDirectoryContaining("glob:**/" + ids.get(3) + ".jpg");
  }

  @Test
  void aRecipeTakesFollowTreeAndMaxDepth() throws IOException {
    Path recipe =
        Files.writeString(
            tmp.resolve("tree.toml"),
            """
            follow-tree = "#galleries a"
            max-depth = 1
            next = "nav.pagination a"
            select = "#media a"
            """);
    Path out = tmp.resolve("shallow");

    Run r = trawl("get", "--recipe", recipe.toString(), "-o", out.toString(), url("/index.html"));

    // depth 1 reaches the years only: cards, no pictures, so the crawl says what to try
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.out()).contains("pages   3 read");
    assertThat(r.err().lines().filter(l -> l.startsWith("trawl: no picture saved")).toList())
        .as(r.err())
        .singleElement()
        .asString()
        .contains("the 3 pages read show 8 pictures") // the album cards' previews
        .contains("--follow-tree CSS for albums of albums");

    Run deeper =
        trawl(
            "get",
            "--recipe",
            recipe.toString(),
            "--max-depth",
            "2",
            "-o",
            tmp.resolve("deeper").toString(),
            url("/index.html"));
    assertThat(deeper.code()).as(deeper.err()).isZero();
    assertThat(pictureFiles(tmp.resolve("deeper"))).isEqualTo(12);
  }

  @Test
  void aLevelTableMayBeATree() throws IOException {
    Path recipe =
        Files.writeString(
            tmp.resolve("levels.toml"),
            """
            [[level]]
            name = "album"
            follow-tree = "#galleries a"
            max-depth = 3
            next = "nav.pagination a"
            select = "#media a"
            """);
    Path out = tmp.resolve("levels");

    Run r = trawl("get", "--recipe", recipe.toString(), "-o", out.toString(), url("/index.html"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictureFiles(out)).isEqualTo(12);
  }

  @Test
  void aPlainGetOnAHomePageOfAlbumCardsCrawlsTheTreeItFound() throws IOException {
    Path out = tmp.resolve("plain");
    Run r = trawl("get", url("/cards/index.html"), "-o", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictureFiles(out)).isEqualTo(9);
    assertThat(r.err())
        .contains("trawl: albums: 3 x ul#galleries a (album cards")
        .contains("--follow-tree 'ul#galleries a'")
        .contains("trawl: items: 3 x ul#media > li");
    List<String> ids = pictures.workIds();
    for (String id : ids.subList(14, 23)) {
      assertThat(out.resolve(id + ".jpg"))
          .hasBinaryContent(files.get("/media/original/" + id + ".jpg"));
    }
  }

  @Test
  void inspectWritesTheTreeAsARecipeThatGetCrawls() throws IOException {
    Run inspect = trawl("inspect", url("/cards/index.html"));

    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("# albums: 3 x ul#galleries a")
        .contains("follow-tree = 'ul#galleries a'");
    Path recipe = Files.writeString(tmp.resolve("cards.toml"), inspect.out());
    Path out = tmp.resolve("recipe");
    Run r = trawl("get", "--recipe", recipe.toString(), "-o", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictureFiles(out)).isEqualTo(9);
  }

  @Test
  void aDryRunOnAHomePageOfAlbumCardsListsTheOriginalsAndWritesNothing() {
    Path out = tmp.resolve("dry");
    Run r = trawl("get", "-g", url("/cards/index.html"), "-o", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("trawl: albums: 3 x ul#galleries a");
    assertThat(r.out().lines().toList())
        .hasSize(9)
        .allMatch(l -> l.startsWith(url("/media/original/")));
    assertThat(out).doesNotExist();
  }

  @Test
  void aPlainGetOnCardsWhoseAlbumsShowNoGalleryIsAUsageErrorNamingWhatWasTried() {
    // the albums here show two pictures a page: too few for a gallery
    assertOneLineError(
        trawl("get", url("/index.html"), "-o", tmp.resolve("none").toString()),
        "no gallery found on " + url("/index.html"));
    assertOneLineError(
        trawl("get", url("/index.html"), "-o", tmp.resolve("none").toString()),
        "album cards 2 x ul#galleries a: " + url("/2016-london.html") + " shows no gallery");
  }

  @Test
  void maxDepthOutsideItsRangeIsNamed() {
    assertOneLineError(
        trawl("get", "--follow-tree", "a", "--max-depth", "0", "http://127.0.0.1/"),
        "max-depth out of range (1 to 100): 0");
    assertOneLineError(
        trawl("get", "--follow-tree", "a", "--max-depth", "101", "http://127.0.0.1/"),
        "max-depth out of range (1 to 100): 101");
  }

  @Test
  void maxDepthWithoutATreeIsAUsageError() {
    assertOneLineError(
        trawl("get", "--max-depth", "3", "http://127.0.0.1/"), "without a tree to follow");
  }

  @Test
  void aTreeSelectorThatDoesNotParseIsNamed() {
    assertOneLineError(trawl("get", "--follow-tree", "a[href", "http://127.0.0.1/"), "a[href");
  }

  @Test
  void followTreeWithRecipeLevelsIsAUsageError() throws IOException {
    Path recipe = Files.writeString(tmp.resolve("l.toml"), "[[level]]\nselect = \"img\"\n");
    assertOneLineError(
        trawl("get", "--recipe", recipe.toString(), "--follow-tree", "a", "http://127.0.0.1/"),
        "--follow-tree cannot be combined");
  }

  @Test
  void getHelpDescribesTheTree() {
    Run r = trawl("get", "--help");
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--follow-tree=CSS")
        .contains("--max-depth=N")
        .contains("fetched once");
  }
}
