package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demo.BooruBoard;
import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import dev.trawl.store.PictureFilters;
import dev.trawl.testing.BoardJob;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.Pictures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and folders, sizes, sidecars, filters and the contact sheet, on whole crawls. */
class KeepingPicturesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static DemoGallery gallery;

  @TempDir Path out;
  HostileServer server;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery =
        DemoGallery.builder()
            .pages(3)
            .worksPerPage(4)
            .imageSize(320, 200)
            .latency(Duration.ZERO)
            .start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HostileServer.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  Crawler.Builder demo() {
    return Crawler.builder()
        .start(gallery.listingTemplate().replace("{1..16}", "{1..3}"))
        .rules(
            new ExtractRules(
                "div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR))
        .rewrite("/thumb_=>/thumbMid_")
        .outDir(out);
  }

  List<JsonNode> manifest() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(l));
    }
    return lines;
  }

  JsonNode line(String urlEnd) throws IOException {
    return manifest().stream()
        .filter(l -> l.get("url").asText().endsWith(urlEnd))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTemplateWithSlashesPutsEachPagesPicturesInAFolderNamedAfterItsTitle() throws IOException {
    CrawlSummary s = demo().filename("{page_title}/{n:02} {alt}.{ext}").build().run();

    assertThat(s.saved()).isEqualTo(12);
    for (int page = 1; page <= 3; page++) {
      Path folder = out.resolve("Pictures - page " + page + " - Demo Gallery");
      try (Stream<Path> files = Files.list(folder)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .hasSize(4)
            .allMatch(n -> n.matches("0[1-4] [A-Z][a-z]+ [A-Z][a-z]+\\.jpg"));
      }
    }
    for (JsonNode l : manifest()) {
      String id = l.get("url").asText().replaceAll(".*thumb_(\\w+)\\.jpg", "$1");
      assertThat(Files.readAllBytes(out.resolve(l.get("file").asText())))
          .isEqualTo(gallery.fullImage(id));
    }
  }

  @Test
  void pageNumbersAndHostsNameFolders() throws IOException {
    demo().filename("{host}/p{page_n:03}/{n}.{ext}").build().run();
    assertThat(out.resolve("127.0.0.1/p002/3.jpg")).isRegularFile();
    assertThat(line(gallery.workIds().get(0) + ".jpg").get("file").asText())
        .isEqualTo("127.0.0.1/p001/1.jpg");
  }

  @Test
  void twoPicturesRenderingToOneNameKeepBothTheSecondWithAHashSuffix() throws IOException {
    CrawlSummary s = demo().filename("all/same.{ext}").build().run();

    assertThat(s.saved()).isEqualTo(12);
    try (Stream<Path> files = Files.list(out.resolve("all"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(12)
          .contains("same.jpg")
          .filteredOn(n -> !n.equals("same.jpg"))
          .allMatch(n -> n.matches("same-[0-9a-f]{12}(-\\d+)?\\.jpg"));
    }
  }

  @Test
  void widthAndHeightComeFromTheHeaderIntoManifestAndSidecar() throws IOException {
    demo().writeMetadata(true).build().run();

    for (JsonNode l : manifest()) {
      assertThat(l.get("width").asInt()).isEqualTo(320);
      assertThat(l.get("height").asInt()).isEqualTo(200);
      Path sidecar = out.resolve(l.get("file").asText() + ".json");
      JsonNode m = JSON.readTree(sidecar.toFile());
      assertThat(m.get("url").asText()).isEqualTo(l.get("url").asText());
      assertThat(m.get("final_url").asText()).isEqualTo(l.get("final_url").asText());
      assertThat(m.get("page").asText()).isEqualTo(l.get("page").asText());
      assertThat(m.get("page_title").asText()).matches("Pictures - page [1-3] - Demo Gallery");
      assertThat(m.get("alt").asText()).matches("[A-Z][a-z]+ [A-Z][a-z]+");
      assertThat(m.get("width").asInt()).isEqualTo(320);
      assertThat(m.get("height").asInt()).isEqualTo(200);
      assertThat(m.get("bytes").asLong()).isEqualTo(l.get("bytes").asLong());
      assertThat(m.get("sha256").asText()).isEqualTo(l.get("sha256").asText());
      assertThat(m.get("content_type").asText()).isEqualTo("image/jpeg");
      assertThat(m.get("fetched_at").asText()).isNotEmpty();
      assertThat(m.has("listing")).isTrue();
      assertThat(m.has("json")).isTrue();
    }
  }

  @Test
  void sidecarsMissingAfterAnEarlierRunAreWrittenByTheNextWithWriteMetadata() throws IOException {
    demo().build().run();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".jpg.json"))).isEmpty();
    }
    demo().writeMetadata(true).build().run();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".jpg.json"))).hasSize(12);
    }
  }

  @Test
  void picturesFromWorkPagesNameTheListingTheyWereReachedFrom() throws IOException {
    try (BooruBoard board = BooruBoard.builder().posts(6).perPage(3).start()) {
      CrawlSummary s =
          BoardJob.of(out, board.url("/posts?page={1..2}"))
              .filename("{listing_title}/p{page_n}/{name}.{ext}")
              .writeMetadata(true)
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      for (JsonNode l : manifest()) {
        assertThat(l.get("file").asText()).matches("Posts _ Board/p[12]/[0-9a-f]{32}\\.(png|jpg)");
        JsonNode m = JSON.readTree(out.resolve(l.get("file").asText() + ".json").toFile());
        assertThat(m.get("listing").asText()).matches(".*/posts\\?page=[12]");
        assertThat(m.get("listing").asText())
            .endsWith(l.get("file").asText().contains("/p1/") ? "page=1" : "page=2");
        assertThat(m.get("page_title").asText()).matches("post #\\d+ \\| Board");
      }
    }
  }

  @Test
  void picturesFromWorkPagesOfAnUnnumberedFirstListingPageArePage1() throws IOException {
    try (BooruBoard board = BooruBoard.builder().posts(6).perPage(3).start()) {
      CrawlSummary s =
          BoardJob.of(out, board.url("/posts?page={,2..2}"))
              .filename("p{page_n}/{name}.{ext}")
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      for (JsonNode l : manifest()) {
        String page = l.get("page").asText(); // the work page; its listing gives the number
        assertThat(l.get("file").asText()).as(page).matches("p[12]/[0-9a-f]{32}\\.(png|jpg)");
      }
      try (Stream<Path> p1 = Files.list(out.resolve("p1"));
          Stream<Path> p2 = Files.list(out.resolve("p2"))) {
        assertThat(p1).hasSize(3);
        assertThat(p2).hasSize(3);
      }
    }
  }

  @Test
  void picturesFromAJsonApiAreNamedByFieldsOfTheirObjectWhichTheSidecarKeeps() throws IOException {
    try (BooruBoard board = BooruBoard.builder().posts(6).perPage(3).start()) {
      CrawlSummary s =
          Crawler.builder()
              .start(board.url("/posts.json?page={1..2}"))
              .rules(
                  new ExtractRules(
                      "$[*].file_url",
                      ExtractRules.DEFAULT_ATTRIBUTES,
                      ExtractRules.DEFAULT_NEXT_SELECTOR))
              .filename("{json.id}-{json.md5:.6}.{ext}")
              .writeMetadata(true)
              .outDir(out)
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      for (int id : board.ids()) {
        String md5 = board.originalName(id).substring(0, 6);
        String ext = board.originalName(id).endsWith(".png") ? "png" : "jpg";
        Path file = out.resolve(id + "-" + md5 + "." + ext);
        assertThat(file).hasBinaryContent(board.original(id));
        JsonNode m = JSON.readTree(out.resolve(file.getFileName() + ".json").toFile());
        assertThat(m.get("json").get("id").asInt()).isEqualTo(id);
        assertThat(m.get("json").get("file_url").asText()).isEqualTo(board.originalUrl(id));
      }
    }
  }

  @Test
  void everyFormatGetsItsSizeInTheManifestAndItsSidecar() throws IOException {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("/p.jpg", Pictures.drawn("jpg", 31, 17, 1));
    bodies.put("/p.png", Pictures.drawn("png", 32, 18, 2));
    bodies.put("/p.gif", Pictures.drawn("gif", 33, 19, 3));
    bodies.put("/p.bmp", Pictures.drawn("bmp", 34, 20, 4));
    bodies.put("/lossy.webp", Pictures.webpLossy(35, 21));
    bodies.put("/lossless.webp", Pictures.webpLossless(36, 22));
    bodies.put("/extended.webp", Pictures.webpExtended(37, 23));
    bodies.put("/p.avif", Pictures.avif(38, 24));
    bodies.forEach((path, body) -> server.route(path, ex -> ex.respond(200, "image/x", body)));
    listing(bodies.keySet().toArray(new String[0]));

    CrawlSummary s = filtered(PictureFilters.NONE).writeMetadata(true).build().run();

    assertThat(s.saved()).isEqualTo(8);
    int w = 31;
    for (String path : bodies.keySet()) {
      JsonNode l = line(path);
      JsonNode m = JSON.readTree(out.resolve(l.get("file").asText() + ".json").toFile());
      assertThat(List.of(l.get("width").asInt(), l.get("height").asInt()))
          .as(path)
          .containsExactly(w, w - 14);
      assertThat(List.of(m.get("width").asInt(), m.get("height").asInt()))
          .as(path)
          .containsExactly(w, w - 14);
      w++;
    }
  }

  // ---- filters, on a server of the test's own

  /** A listing page showing {@code pictures}, each an img with src and alt. */
  void listing(String... pictures) {
    StringBuilder html = new StringBuilder("<html><head><title>Filters</title></head><body>");
    for (String p : pictures) {
      html.append("<img src=\"").append(p).append("\" alt=\"").append(p).append("\">");
    }
    String body = html.append("</body></html>").toString();
    server.route("/list", ex -> ex.respond(200, "text/html", body));
  }

  /** Serves {@code head} then zeros up to {@code total} bytes; counts what the client took. */
  void large(String path, byte[] head, int total, AtomicLong sent) {
    server.route(
        path,
        ex -> {
          OutputStream o = ex.out();
          o.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                      + total
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
          byte[] body = java.util.Arrays.copyOf(head, total);
          try {
            for (int at = 0; at < total; at += 16 * 1024) {
              int n = Math.min(16 * 1024, total - at);
              o.write(body, at, n);
              sent.addAndGet(n);
            }
            o.flush();
          } catch (IOException gone) {
            // the client abandoned the body
          }
        });
  }

  Crawler.Builder filtered(PictureFilters filters) {
    return Crawler.builder()
        .start(server.url("/list"))
        .obeyRobots(false)
        .filters(filters)
        .outDir(out);
  }

  static PictureFilters minWidth(int px) {
    return new PictureFilters(px, 0, 0, null, null, Set.of());
  }

  @Test
  void aPictureNarrowerThanMinWidthIsSkippedWithItsReasonAndItsBodyIsNotRead() throws IOException {
    int total = 64 << 20;
    AtomicLong sent = new AtomicLong();
    large("/wide.png", Pictures.drawn("png", 640, 480, 1), total, sent);
    listing("/wide.png");

    CrawlSummary s = filtered(minWidth(900)).build().run();

    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.saved()).isZero();
    JsonNode l = line("/wide.png");
    assertThat(l.get("status").asText()).isEqualTo("skipped");
    assertThat(l.get("reason").asText()).isEqualTo("640x480 is narrower than --min-width 900");
    // the transfer stopped once the header was read: a few socket buffers, not 64 MiB
    assertThat(sent.get()).isLessThan(total / 4);
    assertThat(server.count("/wide.png")).isEqualTo(1);
  }

  @Test
  void aLaterRunWithALooserFilterFetchesWhatWasSkippedAndTheSameFilterDoesNot() throws IOException {
    server.route(
        "/small.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 300, 200, 2)));
    server.route(
        "/big.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 1200, 900, 3)));
    listing("/small.png", "/big.png");

    CrawlSummary first = filtered(minWidth(900)).build().run();
    assertThat(first.saved()).isEqualTo(1);
    assertThat(first.skipped()).isEqualTo(1);

    CrawlSummary same = filtered(minWidth(900)).build().run();
    assertThat(same.saved()).isZero();
    assertThat(server.count("/small.png")).isEqualTo(1);

    CrawlSummary looser = filtered(minWidth(200)).build().run();
    assertThat(looser.saved()).isEqualTo(1);
    assertThat(server.count("/small.png")).isEqualTo(2);
    assertThat(line("/small.png").get("status").asText()).isEqualTo("saved");
    assertThat(line("/small.png").get("width").asInt()).isEqualTo(300);
  }

  @Test
  void typeRegexAndSizeFiltersSkipWithReasonsNamingTheFlag() throws IOException {
    server.route("/a.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 400, 50, 4)));
    server.route("/b.gif", ex -> ex.respond(200, "image/gif", Pictures.drawn("gif", 400, 400, 5)));
    server.route(
        "/avatar/c.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 400, 400, 6)));
    server.route("/tiny.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 2, 2, 7)));
    server.route(
        "/keep.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 400, 400, 8)));
    listing("/a.png", "/b.gif", "/avatar/c.png", "/tiny.png", "/keep.png", "/x.webp");

    CrawlSummary s =
        filtered(
                new PictureFilters(
                    0,
                    100,
                    120,
                    Pattern.compile("\\.(png|gif)$"),
                    Pattern.compile("/avatar/"),
                    PictureFilters.types(List.of("png", "jpg"))))
            .build()
            .run();

    assertThat(s.saved()).as("%s", manifest()).isEqualTo(1);
    assertThat(line("/a.png").get("reason").asText())
        .isEqualTo("400x50 is lower than --min-height 100");
    assertThat(line("/b.gif").get("reason").asText()).isEqualTo("gif is not among --type jpg,png");
    assertThat(line("/avatar/c.png").get("reason").asText())
        .isEqualTo("URL matches --reject-regex /avatar/");
    assertThat(line("/tiny.png").get("reason").asText())
        .matches("\\d+ bytes is less than --min-file-size 120");
    assertThat(line("/x.webp").get("reason").asText())
        .isEqualTo("URL does not match --accept-regex \\.(png|gif)$");
    assertThat(server.count("/x.webp")).isZero();
    assertThat(server.count("/avatar/")).isZero();
  }

  @Test
  void aTruncatedHeaderFailsClearlyWhenASizeFilterNeedsItAndIsKeptWithoutSizeOtherwise()
      throws IOException {
    byte[] png = Pictures.drawn("png", 64, 64, 9);
    byte[] cut = java.util.Arrays.copyOf(png, 20);
    server.route("/cut.png", ex -> ex.respond(200, "image/png", cut));
    listing("/cut.png");

    CrawlSummary strict = filtered(minWidth(10)).build().run();
    assertThat(strict.failed()).isEqualTo(1);
    assertThat(line("/cut.png").get("reason").asText()).isEqualTo("truncated PNG header");

    out = out.resolve("lenient");
    CrawlSummary lenient = filtered(PictureFilters.NONE).build().run();
    assertThat(lenient.saved()).isEqualTo(1);
    assertThat(line("/cut.png").has("width")).isFalse();
  }

  @Test
  void theContactSheetIsWrittenAtTheEndOfARunUnlessTurnedOff() throws IOException {
    demo().build().run();
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).contains("thumbMid_" + gallery.workIds().get(0) + ".jpg");
    assertThat(html).doesNotContain("/*TRAWL-DATA*/");

    Path other = out.resolve("other");
    demo().outDir(other).contactSheet(false).build().run();
    assertThat(other.resolve("index.html")).doesNotExist();
  }

  @Test
  void hostileTitlesInTheSheetCannotCloseItsScript() throws IOException {
    server.route(
        "/list",
        ex ->
            ex.respond(
                200,
                "text/html",
                "<html><head><title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"
                    + "</head><body><img src=\"/p.png\" alt=\"&lt;!--\"></body></html>"));
    server.route("/p.png", ex -> ex.respond(200, "image/png", Pictures.drawn("png", 9, 9, 1)));
    filtered(PictureFilters.NONE).build().run();
    String html = Files.readString(out.resolve("index.html"));
    String data = html.substring(html.indexOf("id=\"trawl-data\">"), html.lastIndexOf("<script>"));
    assertThat(data).doesNotContain("</script><script>").contains("\\u003c/script\\u003e");
    assertThat(data).doesNotContain("<!--");
  }
}
