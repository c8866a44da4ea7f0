package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.SeedJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole crawls against a server that misbehaves: every picture must still arrive intact. */
class FaultToleranceTest {
  static DemoGallery pictures;

  HostileServer server;

  @TempDir Path out;

  @BeforeAll
  static void pictures() throws IOException {
    pictures = DemoGallery.builder().latency(Duration.ZERO).pages(3).worksPerPage(10).start();
  }

  @AfterAll
  static void stopPictures() {
    pictures.close();
  }

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
      html.append("<div class=\"workimage\"><a href=\"#\"><img src=\"/static/loading.gif\"")
          .append(" data-original=\"")
          .append(u)
          .append("\"></a></div>");
    }
    if (next != null) {
      html.append("<a class=\"next\" rel=\"next\" href=\"").append(next).append("\">next</a>");
    }
    return html.append("</body></html>").toString();
  }

  Crawler.Builder job(String... start) {
    return SeedJob.of(out, start).backoff(Duration.ofMillis(10), Duration.ofMillis(100));
  }

  @Test
  void seedJobWithFaultsOnTheFirstAttemptOfEveryImageSavesEveryPictureIntact() throws IOException {
    List<String> ids = pictures.workIds();
    server.route(
        "/picture/lists/p/",
        ex -> {
          int n = Integer.parseInt(ex.path().substring("/picture/lists/p/".length()));
          List<String> urls =
              ids.subList((n - 1) * 10, n * 10).stream()
                  .map(id -> "/uploads/thumb_" + id + ".jpg")
                  .toList();
          ex.respond(200, "text/html; charset=utf-8", listing(urls, null));
        });
    server.route(
        "/uploads/",
        ex -> {
          String id = ex.path().replaceAll(".*thumbMid_(\\w+)\\.jpg", "$1");
          byte[] body = pictures.fullImage(id);
          if (ex.attempt() > 1) {
            ex.respond(200, "image/jpeg", body);
            return;
          }
          switch (Math.floorMod(id.hashCode(), 5)) {
            case 0 -> ex.status(503, "Retry-After", "0");
            case 1 -> ex.status(429, "Retry-After", "0");
            case 2 -> ex.resetAfterHeaders(200, body.length);
            case 3 -> ex.truncated(200, body, body.length / 2);
            default -> ex.status(500);
          }
        });

    CrawlSummary s = job(server.url("/picture/lists/p/{1..3}")).build().run();

    assertThat(s.complete()).as(s.failures().toString()).isTrue();
    assertThat(s.saved()).isEqualTo(30);
    for (String id : ids) {
      assertThat(out.resolve("thumbMid_" + id + ".jpg")).hasBinaryContent(pictures.fullImage(id));
    }
    assertThat(Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8))
        .hasSize(30)
        .allMatch(l -> l.contains("\"attempts\":2"));
  }

  @Test
  void endlessPagerStopsAfterTwoPagesWithoutNewImages() {
    List<String> same = pictures.workIds().subList(0, 3);
    server.route(
        "/pager/",
        ex -> {
          int n = Integer.parseInt(ex.path().substring("/pager/".length()));
          List<String> urls = same.stream().map(id -> "/uploads/thumb_" + id + ".jpg").toList();
          ex.respond(200, "text/html", listing(urls, "/pager/" + (n + 1)));
        });
    server.route(
        "/uploads/",
        ex -> {
          String id = ex.path().replaceAll(".*thumbMid_(\\w+)\\.jpg", "$1");
          ex.respond(200, "image/jpeg", pictures.fullImage(id));
        });

    CrawlSummary s = job(server.url("/pager/1")).build().run();

    assertThat(server.count("/pager/")).isEqualTo(3);
    assertThat(s.saved()).isEqualTo(3);
    assertThat(s.complete()).isTrue();
  }

  @Test
  void imagesInAFolderRobotsTxtDisallowsAreSkippedAndNeverRequested() {
    String id = pictures.workIds().get(0);
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
    server.route(
        "/gallery",
        ex ->
            ex.respond(
                200,
                "text/html",
                listing(
                    List.of("/uploads/thumb_" + id + ".jpg", "/private/thumb_" + id + ".jpg"),
                    null)));
    server.route("/uploads/", ex -> ex.respond(200, "image/jpeg", pictures.fullImage(id)));
    server.route("/private/", ex -> ex.respond(200, "image/jpeg", pictures.fullImage(id)));

    CrawlSummary s = job(server.url("/gallery")).build().run();

    assertThat(s.saved()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(server.count("/private/")).isZero();
  }
}
