package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.testing.Chromium;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.Pictures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contact sheet of a real crawl in a real browser: headless Chromium (Debian's package) opens
 * {@code OUT/index.html} from {@code file://}. Skipped with a message when Chromium is missing,
 * unless {@code TRAWL_REQUIRE_CHROMIUM=1} (CI) makes that a failure.
 */
class ContactSheetBrowserTest {
  @TempDir static Path out;
  static HostileServer server;
  static CrawlSummary summary;
  static Chromium chromium;

  @BeforeAll
  static void crawlAndOpen() throws IOException {
    if (!Chromium.required()) {
      Assumptions.assumeTrue(Chromium.available(), Chromium.howToRun());
    }
    server = HostileServer.start();
    byte[] lantern = Pictures.drawn("png", 640, 400, 3);
    page(
        "/gallery/1",
        "Lanterns &amp; Festivals - page 1",
        "/img/lantern.png",
        "/img/same-as-lantern.png",
        "/img/shrine.jpg",
        "/img/missing.png");
    page(
        "/gallery/2",
        "Harbors - page 2",
        "/img/harbor.gif",
        "/img/old%20harbor%23%25.bmp",
        "/img/tower.svg",
        "/img/broken.jpg");
    server.route("/img/lantern.png", ex -> ex.respond(200, "image/png", lantern));
    server.route("/img/same-as-lantern.png", ex -> ex.respond(200, "image/png", lantern));
    server.route(
        "/img/shrine.jpg", ex -> ex.respond(200, "image/jpeg", Pictures.drawn("jpg", 300, 450, 5)));
    server.route("/img/missing.png", ex -> ex.status(404));
    server.route(
        "/img/harbor.gif", ex -> ex.respond(200, "image/gif", Pictures.drawn("gif", 500, 300, 7)));
    server.route(
        "/img/old", ex -> ex.respond(200, "image/bmp", Pictures.drawn("bmp", 120, 90, 11)));
    server.route(
        "/img/tower.svg",
        ex ->
            ex.respond(
                200,
                "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"300\">"
                    + "<rect width=\"200\" height=\"300\" fill=\"#0f766e\"/></svg>"));
    server.route("/img/broken.jpg", ex -> ex.respond(200, "text/html", "<html>oops</html>"));
    summary =
        Crawler.builder()
            .start(server.url("/gallery/1"), server.url("/gallery/2"))
            .obeyRobots(false)
            .retries(0)
            .outDir(out)
            .build()
            .run();
    server.close();
    chromium = Chromium.start(1280, 900);
    chromium.open(out.resolve(ContactSheet.FILE_NAME).toUri().toString());
  }

  static void page(String path, String title, String... images) {
    StringBuilder html = new StringBuilder("<html><head><title>" + title + "</title></head><body>");
    for (String img : images) {
      html.append("<img src=\"")
          .append(img)
          .append("\" alt=\"")
          .append(img.substring(5))
          .append("\">");
    }
    String body = html.append("</body></html>").toString();
    server.route(path, ex -> ex.respond(200, "text/html", body));
  }

  @AfterAll
  static void close() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void theCrawlHasSavedDuplicateAndFailedItems() {
    assertThat(summary.saved()).isEqualTo(5);
    assertThat(summary.duplicates()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(2);
  }

  @Test
  void everySavedPictureLoadsInTheBrowser() {
    JsonNode images =
        chromium.eval(
            """
            (async () => {
              const imgs = [...document.querySelectorAll('#sheet img')];
              imgs.forEach(i => i.loading = 'eager');
              await Promise.all(imgs.map(i => i.decode().catch(() => null)));
              return imgs.map(i => ({src: i.getAttribute('src'), w: i.naturalWidth}));
            })()""");
    assertThat(images).hasSize(5);
    List<String> broken = new ArrayList<>();
    images.forEach(
        i -> {
          if (i.get("w").asInt() <= 0) {
            broken.add(i.get("src").asText());
          }
        });
    assertThat(broken).as("pictures that did not load").isEmpty();
  }

  @Test
  void theSheetFitsTheWindowAndIsWrittenAsAScreenshotToLookAt() throws IOException {
    JsonNode width = chromium.eval("document.documentElement.scrollWidth");
    assertThat(width.asInt()).as("no horizontal scrolling").isLessThanOrEqualTo(1280);
    Path shot = Path.of("target", "contact-sheet.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, chromium.screenshot(true));
  }

  @Test
  void picturesAreGroupedByTheirPageUnderItsLinkedTitle() {
    JsonNode groups =
        chromium.eval(
            "[...document.querySelectorAll('section.group')].map(s => ({title:"
                + " s.querySelector('h2').textContent, href: s.querySelector('h2 a').href,"
                + " n: s.querySelectorAll('img').length}))");
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0).get("title").asText()).isEqualTo("Lanterns & Festivals - page 1");
    assertThat(groups.get(0).get("href").asText()).endsWith("/gallery/1");
    assertThat(groups.get(0).get("n").asInt()).isEqualTo(2);
    assertThat(groups.get(1).get("title").asText()).isEqualTo("Harbors - page 2");
    assertThat(groups.get(1).get("n").asInt()).isEqualTo(3);
  }

  @Test
  void theSummaryAndTheFailedAndDuplicateItemsAreShownWithReasonsAndUrls() {
    String stats = chromium.eval("document.getElementById('stats').textContent").asText();
    assertThat(stats).contains("5 saved", "1 duplicate", "2 failed");
    String failed = chromium.eval("document.getElementById('failed').textContent").asText();
    assertThat(failed).contains("http 404", "/img/missing.png", "not an image", "/img/broken.jpg");
    String dups = chromium.eval("document.getElementById('duplicates').textContent").asText();
    // which of the two URLs came second depends on timing
    assertThat(dups).containsAnyOf("/img/lantern.png", "/img/same-as-lantern.png");
    assertThat(dups).contains("lantern.png", "same bytes as");
  }

  @Test
  void noScriptErrorAndNoRequestLeavesFileUrls() {
    chromium.eval(
        """
        (async () => {
          document.querySelectorAll('img').forEach(i => i.loading = 'eager');
          await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
        })()""");
    assertThat(chromium.errors()).isEmpty();
    assertThat(chromium.requests())
        .isNotEmpty()
        .allMatch(u -> u.startsWith("file:") || u.startsWith("data:"), "a file: or data: URL");
  }
}
