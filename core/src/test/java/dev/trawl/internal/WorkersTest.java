package dev.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.testing.HostileServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promise: concurrency costs memory in proportion to the work in flight, not the number. */
class WorkersTest {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};

  HostileServer server;

  @TempDir Path out;

  @BeforeEach
  void start() throws IOException {
    server = HostileServer.start();
    server.route("/robots.txt", ex -> ex.status(404));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private void gallery(int pictures) {
    StringBuilder html = new StringBuilder("<html><body>");
    for (int i = 0; i < pictures; i++) {
      html.append("<img src=\"/p/").append(i).append(".jpg\">");
    }
    String page = html.append("</body></html>").toString();
    server.route("/gallery", ex -> ex.respond(200, "text/html", page));
  }

  private CrawlRun run(int concurrency) {
    Crawler c =
        Crawler.builder()
            .start(server.url("/gallery"))
            .outDir(out)
            .concurrency(concurrency)
            .perHost(concurrency)
            .build();
    return new CrawlRun(c.config(), new CrawlListener() {}, null);
  }

  @Test
  void thousandWorkersAskedForTwoPicturesStartOnlyAFew() {
    gallery(2);
    server.route("/p/", ex -> ex.respond(200, "image/jpeg", JPEG));
    CrawlRun run = run(Crawler.MAX_CONCURRENCY);

    CrawlSummary s = run.execute();

    assertThat(s.saved()).isEqualTo(1); // the same bytes twice: one file, one duplicate
    assertThat(run.workersStarted()).isLessThanOrEqualTo(4);
  }

  @Test
  void workersGrowToTheConcurrencyWhenThereIsWorkForThem() throws Exception {
    int j = 8;
    gallery(40);
    CountDownLatch allIn = new CountDownLatch(j);
    server.route(
        "/p/",
        ex -> {
          allIn.countDown();
          allIn.await(10, TimeUnit.SECONDS); // held until j requests are in flight at once
          byte[] body =
              (new String(JPEG, java.nio.charset.StandardCharsets.ISO_8859_1) + ex.path())
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
          ex.respond(200, "image/jpeg", body);
        });
    CrawlRun run = run(j);

    CrawlSummary s = run.execute();

    assertThat(s.saved()).isEqualTo(40);
    assertThat(server.maxInFlight("/p/")).isEqualTo(j);
    assertThat(run.workersStarted()).isEqualTo(j);
  }
}
