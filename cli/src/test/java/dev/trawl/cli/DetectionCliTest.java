package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.BooruBoard;
import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trawl get URL} with nothing else, and {@code trawl inspect URL}. */
class DetectionCliTest {
  static DemoGallery gallery;
  static BooruBoard board;
  static HttpServer pages;

  private static final String ARTICLE =
      "<!DOCTYPE html><html><head><title>News</title></head><body><header><a href='/'"
          + " class='logo'><img src='/logo.png' width='180' height='60' alt='The Daily'></a>"
          + "</header><article><h1>Park</h1><figure><img src='/a.jpg' width='1200'"
          + " height='675'></figure><p>Text.</p><figure><img src='/b.jpg' width='1200'"
          + " height='675'></figure></article></body></html>";

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ofMillis(1)).pages(4).worksPerPage(5).start();
    board = BooruBoard.builder().start();
    Map<String, String[]> routes =
        Map.of(
            "/article", new String[] {"text/html; charset=utf-8", ARTICLE},
            "/empty", new String[] {"text/html", ""},
            "/picture.png", new String[] {"image/png", "\u0089PNG\r\n\u001a\n"});
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pages.createContext(
        "/",
        ex -> {
          String[] r = routes.get(ex.getRequestURI().getPath());
          byte[] body = r == null ? new byte[0] : r[1].getBytes(StandardCharsets.ISO_8859_1);
          ex.getResponseHeaders().set("Content-Type", r == null ? "text/plain" : r[0]);
          ex.sendResponseHeaders(r == null ? 404 : 200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    pages.start();
  }

  @AfterAll
  static void stop() {
    gallery.close();
    board.close();
    pages.stop(0);
  }

  static String page(String path) {
    return "http://127.0.0.1:" + pages.getAddress().getPort() + path;
  }

  static List<String> pictures(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jpg") || n.endsWith(".png"))
          .sorted()
          .toList();
    }
  }

  @Test
  void getWithNothingElseFindsTheSeedGallerysFullSizePictures() throws IOException {
    Path out = tmp.resolve("seed");
    Run r = trawl("get", "-o", out.toString(), gallery.listingUrl(1));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictures(out)).hasSize(20);
    for (String id : gallery.workIds()) {
      assertThat(out.resolve("thumbMid_" + id + ".jpg")).hasBinaryContent(gallery.fullImage(id));
    }
    assertThat(r.err().lines())
        .anyMatch(l -> l.startsWith("trawl: items: 5 x ") && l.contains("div.work"))
        .anyMatch(l -> l.startsWith("trawl: originals: via work pages") && l.contains("thumbMid_"))
        .anyMatch(l -> l.startsWith("trawl: pager: rel=next"));
  }

  @Test
  void quietDetectionPrintsNoDecision() throws IOException {
    Run r = trawl("get", "--quiet", "-o", tmp.resolve("q").toString(), gallery.listingUrl(1));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void getWithNothingElseTakesABoardsOriginalsFromItsPostPages() throws IOException {
    Path out = tmp.resolve("board");
    Run r = trawl("get", "--quiet", "-o", out.toString(), board.url("/posts?page=1"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pictures(out))
        .containsExactlyElementsOf(board.ids().stream().map(board::originalName).sorted().toList());
  }

  @Test
  void retryRerunsWhatWasDetectedWithoutDetectingAgain() throws IOException {
    Path out = tmp.resolve("retry");
    assertThat(trawl("get", "--quiet", "-o", out.toString(), gallery.listingUrl(1)).code())
        .isZero();
    gallery.resetCounters();

    Run retry = trawl("retry", out.toString());

    assertThat(retry.code()).as(retry.err()).isZero();
    assertThat(retry.err()).doesNotContain("trawl: items:");
    assertThat(gallery.requestCount("/picture/works/" + gallery.workIds().get(0))).isZero();
  }

  @Test
  void inspectPrintsTheRecipeThatGetThenCrawlsExactly() throws IOException {
    gallery.resetCounters();
    Run inspect = trawl("inspect", gallery.listingUrl(1));

    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(gallery.requestCount()).isLessThanOrEqualTo(10);
    assertThat(inspect.out())
        .contains("[[level]]", "follow = ", "select = ", "# items: 5 x ", "# pager: rel=next");
    Path recipe = Files.writeString(tmp.resolve("r.toml"), inspect.out());
    Path out = tmp.resolve("from-recipe");

    Run get = trawl("get", "--quiet", "--recipe", recipe.toString(), "-o", out.toString());

    assertThat(get.code()).as(get.err()).isZero();
    assertThat(get.err()).doesNotContain("trawl: items:"); // the recipe, not a new detection
    assertThat(pictures(out)).hasSize(20).allMatch(n -> n.startsWith("thumbMid_"));
  }

  @Test
  void inspectJsonGivesTheLevelsDecisionsAndRequests() throws IOException {
    Run r = trawl("inspect", "--json", board.url("/posts?page=1"));

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("levels")).hasSize(2);
    assertThat(json.get("levels").get(0).get("follow").asText()).contains("post-preview");
    assertThat(json.get("decisions")).hasSize(3);
    assertThat(json.get("requests").asInt()).isBetween(2, 10);
  }

  @Test
  void pageThatIsNotAGalleryStopsWithOneLineAndExit2() throws IOException {
    String url = page("/article");
    Run r = trawl("get", "-o", tmp.resolve("none").toString(), url);

    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("trawl: no gallery found on " + url + " (best guess: 2 x ")
        .endsWith("); see trawl inspect " + url + ", or give --select");
    assertThat(tmp.resolve("none")).doesNotExist();
    assertThat(trawl("inspect", url).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void selectGivenMeansNoDetection() throws IOException {
    Path out = tmp.resolve("all-img");
    Run r = trawl("get", "--quiet", "--select", "img", "-o", out.toString(), page("/article"));

    assertThat(r.err()).doesNotContain("no gallery").doesNotContain("items:");
    assertThat(r.code()).isEqualTo(ExitCode.SOME_FAILED); // its three pictures are not served
  }

  @Test
  void badStartPageIsFatalWithOneLine() {
    for (String[] c :
        new String[][] {
          {"/missing", "answered HTTP 404"}, {"/empty", "is empty"}, {"/picture.png", "is not HTML"}
        }) {
      Run r = trawl("get", "-o", tmp.resolve("bad").toString(), page(c[0]));

      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FATAL);
      assertThat(r.err().lines()).as(r.err()).singleElement().asString().contains(c[1]);
    }
  }

  @Test
  void rewriteThatFallsBackForEveryPictureIsReported() throws IOException {
    Run r =
        trawl(
            "get",
            "--select",
            "div.workimage img",
            "--attr",
            "data-original",
            "--rewrite",
            "/thumb_=>/nothing_",
            "--fallback",
            "-o",
            tmp.resolve("fallback").toString(),
            gallery.listingUrl(1));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("the rewrite fell back on 20 of 20 pictures: check --rewrite");
  }
}
