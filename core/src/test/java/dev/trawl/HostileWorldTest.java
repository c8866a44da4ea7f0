package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.testing.HostileServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole crawls against a hostile server: each test names the promise it checks. Abort cases bound
 * the bytes the server sent and the wall time against a 10 s request timeout.
 */
class HostileWorldTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  // Half the timeout: an exchange read to its end would be served the whole 10 s.
  private static final Duration PROMPT = Duration.ofSeconds(5);
  private static final long SLACK = 8L << 20;
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F'};

  HostileServer server;

  @TempDir Path out;

  @BeforeEach
  void startServer() throws IOException {
    server = HostileServer.start();
    server.route("/robots.txt", ex -> ex.status(404));
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  static String listing(List<String> imageUrls, String next) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
    for (String u : imageUrls) {
      html.append("<img src=\"").append(u).append("\">");
    }
    if (next != null) {
      html.append("<a rel=\"next\" href=\"").append(next).append("\">next</a>");
    }
    return html.append("</body></html>").toString();
  }

  Crawler.Builder job(String... start) {
    return Crawler.builder()
        .start(start)
        .outDir(out)
        .requestTimeout(TIMEOUT)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private void gallery(String... pictures) {
    server.route("/gallery", ex -> ex.respond(200, "text/html", listing(List.of(pictures), null)));
  }

  // --- 1. a rejected exchange is abandoned at once ------------------------------------------

  @Test
  void pictureAnsweredByAnEndlessHtmlPageFailsAsNotAnImageOnceAndPromptly() {
    gallery("/a.jpg");
    server.route(
        "/a.jpg", ex -> ex.endless(200, "text/html", -1, "<!DOCTYPE html><html>".getBytes()));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("not an image");
    assertThat(server.count("/a.jpg")).isEqualTo(1);
    assertThat(server.longestServed("/a.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/a.jpg")).isLessThan(SLACK);
  }

  @Test
  void pictureOverMaxFileSizeWithAnEndlessBodyFailsAsTooLargeOnceAndPromptly() {
    gallery("/big.jpg");
    server.route("/big.jpg", ex -> ex.endless(200, "image/jpeg", -1, JPEG));

    CrawlSummary s = job(server.url("/gallery")).maxFileSize(1 << 20).build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("too large");
    assertThat(s.failures().get(0).attempts()).isEqualTo(1);
    assertThat(server.count("/big.jpg")).isEqualTo(1);
    assertThat(server.longestServed("/big.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/big.jpg")).isLessThan((1 << 20) + SLACK);
    assertThat(out.resolve("big.jpg")).doesNotExist();
  }

  @Test
  void notFoundPictureWithAnEndlessBodyFailsAsHttp404OncePromptly() {
    gallery("/gone.jpg");
    server.route("/gone.jpg", ex -> ex.endless(404, "text/html", -1, "<html>".getBytes()));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("http 404");
    assertThat(server.count("/gone.jpg")).isEqualTo(1);
    assertThat(server.longestServed("/gone.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/gone.jpg")).isLessThan(SLACK);
  }

  @Test
  void pictureDeclaringTenGigabytesFailsAsTooLargeBeforeItsBodyIsRead() {
    gallery("/huge.jpg");
    server.route("/huge.jpg", ex -> ex.endless(200, "image/jpeg", 10L << 30, JPEG));

    CrawlSummary s = job(server.url("/gallery")).maxFileSize(16 << 20).build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("too large");
    assertThat(server.count("/huge.jpg")).isEqualTo(1);
    assertThat(server.bytesSent("/huge.jpg")).isLessThan(SLACK);
  }

  @Test
  void endlessRobotsTxtDoesNotTakeTheHostOutAndItsRulesApply() {
    server.route(
        "/robots.txt",
        ex ->
            ex.endless(
                200,
                "text/plain",
                -1,
                "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8)));
    gallery("/a.jpg", "/private/b.jpg");
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));
    server.route("/private/", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(server.count("/private/")).isZero();
    assertThat(server.longestServed("/robots.txt")).isLessThan(PROMPT);
  }

  // --- 4. every redirect hop is checked against its host's robots.txt ------------------------

  @Test
  void pictureRedirectingIntoADisallowedPathIsSkippedAndTheTargetNeverRequested() {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
    gallery("/pic.jpg");
    server.route("/pic.jpg", ex -> ex.redirect(302, "/private/pic.jpg"));
    server.route("/private/", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isZero();
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(server.count("/private/")).isZero();
    assertThat(out.resolve("pic.jpg")).doesNotExist();
  }

  // --- 7. a rewrite regex is bounded per URL ------------------------------------------------

  @Test
  void rewriteThatBacktracksExponentiallyFailsThatPictureAsRewriteTooSlow() {
    String slow = "/" + "a".repeat(30) + ".jpg";
    gallery(slow, "/b.jpg");
    server.route("/", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).rewrite("(.*a){20}x=>y").build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("rewrite too slow");
    assertThat(s.saved()).isEqualTo(1);
    assertThat(server.count("/aaa")).isZero();
  }

  // --- 2. nothing is opened, created, truncated, renamed or deleted through a link ------------

  @TempDir Path elsewhere;

  private Path victim(String name) throws IOException {
    return Files.writeString(elsewhere.resolve(name), "precious", StandardCharsets.UTF_8);
  }

  /**
   * Plants a link at {@code link} pointing to {@code target}, then runs a crawl that must refuse.
   */
  private CrawlException refusedWithLinkAt(Path link, Path target) throws IOException {
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);
    gallery("/a.jpg");
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));
    return org.assertj.core.api.Assertions.catchThrowableOfType(
        CrawlException.class, () -> job(server.url("/gallery")).build().run());
  }

  @Test
  void linkAtTheLockIsRefusedAndItsTargetIsNotTouched() throws IOException {
    Path victim = victim("passwd");

    CrawlException e = refusedWithLinkAt(out.resolve(".trawl").resolve("lock"), victim);

    assertThat(e)
        .hasMessageContaining(out.resolve(".trawl").resolve("lock") + " is a symbolic link");
    assertThat(victim).hasContent("precious");
    assertThat(server.count("/")).isZero();
  }

  @Test
  void linkAtTheManifestTempFileIsRefusedAndItsTargetIsNotTouched() throws IOException {
    Path victim = victim("shadow");

    CrawlException e =
        refusedWithLinkAt(out.resolve(".trawl").resolve("manifest.jsonl.tmp"), victim);

    assertThat(e).hasMessageContaining("manifest.jsonl.tmp is a symbolic link");
    assertThat(victim).hasContent("precious");
  }

  @Test
  void linkedStateDirIsRefusedAndNothingIsWrittenWhereItPoints() throws IOException {
    Path other = Files.createDirectories(elsewhere.resolve("state"));

    CrawlException e = refusedWithLinkAt(out.resolve(".trawl"), other);

    assertThat(e).hasMessageContaining(".trawl is a symbolic link");
    try (var files = Files.list(other)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void linkedTempDirIsRefusedAndTheFilesWhereItPointsAreKept() throws IOException {
    Path other = Files.createDirectories(elsewhere.resolve("work"));
    Path part = victim("work/draft.part");

    CrawlException e = refusedWithLinkAt(out.resolve(".trawl").resolve("tmp"), other);

    assertThat(e).hasMessageContaining("tmp is a symbolic link");
    assertThat(part).hasContent("precious");
  }

  @Test
  void nameTakenByADanglingLinkGivesThePictureASuffixedName() throws IOException {
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("a.jpg"), elsewhere.resolve("missing.jpg"));
    Files.createSymbolicLink(out.resolve("b.jpg"), victim("b.jpg"));
    gallery("/a.jpg", "/b.jpg");
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));
    server.route(
        "/b.jpg",
        ex ->
            ex.respond(
                200,
                "image/jpeg",
                (new String(JPEG, StandardCharsets.ISO_8859_1) + "b")
                    .getBytes(StandardCharsets.ISO_8859_1)));

    CrawlSummary first = job(server.url("/gallery")).build().run();

    assertThat(first.saved()).isEqualTo(2);
    assertThat(Files.isSymbolicLink(out.resolve("a.jpg"))).isTrue();
    assertThat(elsewhere.resolve("missing.jpg")).doesNotExist();
    assertThat(elsewhere.resolve("b.jpg")).hasContent("precious");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("a-[0-9a-f]{12}\\.jpg"))
          .anyMatch(n -> n.matches("b-[0-9a-f]{12}\\.jpg"));
    }
  }

  @Test
  void outDirThatIsItselfALinkIsUsed() throws IOException {
    Path real = Files.createDirectories(elsewhere.resolve("real"));
    Path link = Files.createSymbolicLink(out.resolve("imgs"), real);
    gallery("/a.jpg");
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).outDir(link).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(real.resolve("a.jpg")).exists();
    assertThat(real.resolve("manifest.jsonl")).exists();
  }

  // --- 8. an endless pager adding one picture per page stops at the default pager limit -------

  private void endlessGallery() {
    server.route(
        "/endless/",
        ex -> {
          int n = Integer.parseInt(ex.path().substring("/endless/".length()));
          ex.respond(200, "text/html", listing(List.of("/p/" + n + ".jpg"), "/endless/" + (n + 1)));
        });
    server.route(
        "/p/",
        ex ->
            ex.respond(
                200,
                "image/jpeg",
                (new String(JPEG, StandardCharsets.ISO_8859_1) + ex.path())
                    .getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void openRangeOverAGeneratedEndlessGalleryStopsAtTheDefaultPagerLimitAndSaysSo() {
    endlessGallery();
    java.util.concurrent.atomic.AtomicLong limit = new java.util.concurrent.atomic.AtomicLong();
    CrawlListener pagers =
        new CrawlListener() {
          @Override
          public void pagerLimitReached(long l) {
            limit.set(l);
          }
        };

    CrawlSummary s =
        job(server.url("/endless/{1..}"))
            .concurrency(32)
            .perHost(32)
            .listener(pagers)
            .build()
            .run();

    assertThat(limit.get()).isEqualTo(Crawler.DEFAULT_PAGER_PAGES);
    assertThat(server.count("/endless/")).isEqualTo((int) Crawler.DEFAULT_PAGER_PAGES);
    assertThat(s.saved()).isEqualTo(Crawler.DEFAULT_PAGER_PAGES);
    assertThat(s.complete()).isTrue();
  }

  @Test
  void nextLinksOfAnEndlessGalleryStopAtMaxPagesWhenGiven() {
    endlessGallery();

    CrawlSummary s = job(server.url("/endless/1")).maxPages(30).build().run();

    assertThat(server.count("/endless/")).isEqualTo(30);
    assertThat(s.saved()).isEqualTo(30);
  }

  @Test
  void maxPagesZeroLiftsThePagerLimit() {
    assertThat(job(server.url("/endless/1")).maxPages(0).build().config().pagerPages()).isZero();
    assertThat(job(server.url("/endless/1")).build().config().pagerPages())
        .isEqualTo(Crawler.DEFAULT_PAGER_PAGES);
  }

  // --- cases that hold today, so they keep holding -------------------------------------------

  @Test
  void redirectLoopsAndForeignSchemesFailTheirPicturesWithTheirReasons() {
    gallery("/loop.jpg", "/ftp.jpg", "/file.jpg");
    server.route("/loop.jpg", ex -> ex.redirect(302, "/loop2.jpg"));
    server.route("/loop2.jpg", ex -> ex.redirect(302, "/loop.jpg"));
    server.route("/ftp.jpg", ex -> ex.redirect(302, "ftp://127.0.0.1/x.jpg"));
    server.route("/file.jpg", ex -> ex.redirect(302, "file:///etc/passwd"));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.failuresByReason())
        .containsEntry("redirect loop", 1L)
        .containsEntry("unsupported scheme", 2L);
    assertThat(server.count("/loop")).isLessThanOrEqualTo(4);
  }

  @Test
  void endlessRedirectChainStopsAfterTenHops() {
    gallery("/hop/0");
    server.route(
        "/hop/", ex -> ex.redirect(302, "/hop/" + (Integer.parseInt(ex.path().substring(5)) + 1)));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.failuresByReason()).containsOnlyKeys("too many redirects");
    assertThat(server.count("/hop/")).isEqualTo(11);
  }

  @Test
  void responseWithTenThousandHeadersFailsThePictureNotTheCrawl() {
    gallery("/headers.jpg", "/a.jpg");
    server.route(
        "/headers.jpg",
        ex -> {
          List<String> extra = new ArrayList<>();
          for (int i = 0; i < 10_000; i++) {
            extra.add("X-Junk-" + i);
            extra.add("x".repeat(100));
          }
          ex.respond(200, "image/jpeg", JPEG, extra.toArray(String[]::new));
        });
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
  }

  @Test
  void responseWhoseHeadersNeverEndFailsThePicturePromptly() {
    gallery("/headers.jpg", "/a.jpg");
    server.route(
        "/headers.jpg",
        ex -> {
          var o = ex.out();
          o.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
          byte[] line = "X-Junk: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n".getBytes();
          while (true) {
            o.write(line);
          }
        });
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(server.longestServed("/headers.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/headers.jpg")).isLessThan(SLACK);
  }

  private static byte[] gzipOfZeros(long bytes, byte[] head) throws IOException {
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
      gz.write(head);
      byte[] zeros = new byte[1 << 20];
      for (long n = 0; n < bytes; n += zeros.length) {
        gz.write(zeros);
      }
    }
    return zipped.toByteArray();
  }

  @Test
  void decompressionBombsOnAPageAndAPictureFailAsTooLargeAndTheCrawlGoesOn() throws IOException {
    byte[] pageBomb = gzipOfZeros(64L << 20, "<html><body>".getBytes(StandardCharsets.UTF_8));
    byte[] pictureBomb = gzipOfZeros(64L << 20, JPEG);
    server.route(
        "/gallery",
        ex ->
            ex.respond(
                200,
                "text/html",
                listing(List.of("/bomb.jpg", "/a.jpg"), "/bomb-page"),
                "Content-Encoding",
                "identity"));
    server.route(
        "/bomb-page", ex -> ex.respond(200, "text/html", pageBomb, "Content-Encoding", "gzip"));
    server.route(
        "/bomb.jpg", ex -> ex.respond(200, "image/jpeg", pictureBomb, "Content-Encoding", "gzip"));
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).maxFileSize(16 << 20).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(s.failuresByReason()).containsOnlyKeys("too large");
    assertThat(s.pageFailures())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("too large"));
  }

  @Test
  void hostileNamesAreSavedInsideTheOutDirOnly() throws IOException {
    List<String> hostile =
        List.of(
            "/u/..%2f..%2fescape.jpg",
            "/u/..%5c..%5cwin.jpg",
            "/u/CON.jpg",
            "/u/a%1b%5b2Jb.jpg",
            "/u/" + "n".repeat(400) + ".jpg",
            "/u/%E2%80%AEgpj.exe");
    gallery(hostile.toArray(String[]::new));
    server.route(
        "/u/",
        ex ->
            ex.respond(
                200,
                "image/jpeg",
                (new String(JPEG, StandardCharsets.ISO_8859_1) + ex.path())
                    .getBytes(StandardCharsets.ISO_8859_1)));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(hostile.size());
    assertThat(out.getParent().resolve("escape.jpg")).doesNotExist();
    try (var files = Files.list(out)) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(
                      n ->
                          !n.equals(".trawl")
                              && !n.equals("manifest.jsonl")
                              && !n.equals("index.html"))) // the contact sheet
          .hasSize(hostile.size())
          .allMatch(n -> n.chars().noneMatch(c -> c < 0x20 || c == 0x202e))
          .allMatch(n -> n.getBytes(StandardCharsets.UTF_8).length <= 200);
    }
  }

  @Test
  void pageWithAMillionImagesIsReadWithinThePageCap() throws IOException {
    StringBuilder html = new StringBuilder("<html><body>");
    for (int i = 0; i < 1_000_000; i++) {
      html.append("<i></i>");
    }
    html.append("<img src=\"/a.jpg\"></body></html>");
    byte[] page = html.toString().getBytes(StandardCharsets.UTF_8);
    server.route("/gallery", ex -> ex.respond(200, "text/html", page));
    server.route("/a.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(Files.list(out).filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(1);
  }
}
