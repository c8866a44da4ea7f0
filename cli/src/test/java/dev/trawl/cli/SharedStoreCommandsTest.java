package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.DemoGallery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trawl get, worker, status and manifest on a crawl shared through a real PostgreSQL. */
class SharedStoreCommandsTest {
  static EmbeddedPostgres pg;
  static DemoGallery gallery;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws IOException {
    pg = EmbeddedPostgres.builder().start();
    gallery =
        DemoGallery.builder().latency(Duration.ofMillis(100)).pages(4).worksPerPage(20).start();
  }

  @AfterAll
  static void stop() throws IOException {
    gallery.close();
    pg.close();
  }

  static String store() {
    return "postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
  }

  static List<Path> pictures(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).toList();
    }
  }

  @Test
  void aWorkerJoinsARunningCrawlAndStatusShowsBothWorkers() throws Exception {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    String template = gallery.listingTemplate().replace("{1..16}", "{1..4}");
    CompletableFuture<Run> get =
        CompletableFuture.supplyAsync(
            () ->
                trawl(
                    "get",
                    "--select",
                    "div.workimage img",
                    "--attr",
                    "data-original",
                    "--rewrite",
                    "/thumb_=>/thumbMid_",
                    "-j",
                    "4",
                    "--store",
                    store(),
                    "--crawl",
                    "joined",
                    "-o",
                    first.toString(),
                    template));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pictures(first).isEmpty()) {
      assertThat(System.nanoTime()).as("first picture within 60 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    // a worker brings its own concurrency, pacing and headers
    Run worker =
        trawl(
            "worker",
            "--quiet",
            "--store",
            store(),
            "--crawl",
            "joined",
            "-j",
            "2",
            "--per-host",
            "2",
            "--delay",
            "0ms-5ms",
            "--header",
            "X-Worker: second",
            "-o",
            second.toString());
    Run seeded = get.get(60, TimeUnit.SECONDS);

    assertThat(seeded.code()).as(seeded.err()).isZero();
    assertThat(seeded.err()).contains("trawl worker --store URL --crawl 'joined'");
    assertThat(worker.code()).as(worker.err()).isZero();
    assertThat(pictures(second)).as("the worker took a share").isNotEmpty();
    Set<String> names = new HashSet<>();
    pictures(first).forEach(p -> names.add(p.getFileName().toString()));
    pictures(second).forEach(p -> assertThat(names.add(p.getFileName().toString())).isTrue());
    assertThat(names).hasSize(80);

    Run status = trawl("status", "--store", store(), "--crawl", "joined");
    assertThat(status.code()).isZero();
    assertThat(status.out()).contains("80 saved");
    assertThat(status.out().lines().filter(l -> l.startsWith("worker ")))
        .hasSize(2)
        .allMatch(l -> l.contains("items done"));
    JsonNode json =
        new ObjectMapper()
            .readTree(trawl("status", "--json", "--store", store(), "--crawl", "joined").out());
    assertThat(json.get("workers")).hasSize(2);

    Path all = tmp.resolve("all");
    Run manifest = trawl("manifest", "--store", store(), "--crawl", "joined", "-o", all.toString());
    assertThat(manifest.code()).as(manifest.err()).isZero();
    assertThat(Files.readAllLines(all.resolve("manifest.jsonl"), StandardCharsets.UTF_8))
        .hasSize(80)
        .allMatch(l -> l.contains("\"status\":\"saved\""));
  }

  @Test
  void aWorkerOnACrawlNobodyStartedIsBadInput() {
    Run r = trawl("worker", "--store", store(), "--crawl", "never-started", "-o", tmp.toString());
    assertOneLineError(r, ExitCode.USAGE, "never-started");
  }

  @Test
  void aStoreThatCannotBeReachedIsFatal() {
    Run r =
        trawl(
            "status",
            "--store",
            "postgresql://127.0.0.1:1/nowhere?user=x",
            "--crawl",
            "c",
            tmp.toString());
    assertOneLineError(r, ExitCode.FATAL, "127.0.0.1:1");
  }

  @Test
  void aWorkerSendsItsOwnSecretHeaderAndNoSecretIsStored() throws Exception {
    String getToken = "get-t0ken-5ecret";
    String workerToken = "w0rker-t0ken-5ecret";
    Map<String, String> pageTokens = new ConcurrentHashMap<>();
    List<String> pictureHeaders = new CopyOnWriteArrayList<>();
    CountDownLatch firstPage = new CountDownLatch(1);
    HttpServer pictureHost = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    pictureHost.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    pictureHost.createContext(
        "/",
        ex -> {
          if (!ex.getRequestURI().getPath().startsWith("/i/")) { // robots.txt: none
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          pictureHeaders.add(String.valueOf(ex.getRequestHeaders()));
          byte[] body = ("\u0089PNG\r\n\u001a\n" + ex.getRequestURI()).getBytes(ISO_8859_1);
          ex.getResponseHeaders().add("Content-Type", "image/png");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    String pics = "http://127.0.0.2:" + pictureHost.getAddress().getPort();
    HttpServer pageHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pageHost.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    pageHost.createContext(
        "/p/",
        ex -> {
          String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
          String page = ex.getRequestURI().getPath().substring(3);
          StringBuilder html = new StringBuilder("<html><body>");
          int status = 200;
          if (auth.equals("Bearer " + getToken) || auth.equals("Bearer " + workerToken)) {
            pageTokens.put(page, auth.substring(7));
            if (page.equals("1")) { // the index: every album page at once
              for (int n = 2; n <= 12; n++) {
                html.append("<a class=page href=\"/p/").append(n).append("\">").append(n);
                html.append("</a>");
              }
            }
            html.append("<img src=\"").append(pics).append("/i/").append(page).append(".png\">");
            try {
              Thread.sleep(page.equals("1") ? 0 : 300); // long enough for the worker to join
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          } else {
            status = 401;
          }
          byte[] body = html.append("</body></html>").toString().getBytes(UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/html");
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
          ex.close();
          if (page.equals("1")) {
            firstPage.countDown();
          }
        });
    pictureHost.start();
    pageHost.start();
    try {
      Path first = tmp.resolve("first");
      Path second = tmp.resolve("second");
      CompletableFuture<Run> get =
          CompletableFuture.supplyAsync(
              () ->
                  trawl(
                      "get",
                      "--select",
                      "img",
                      "--next",
                      "a.page",
                      "--header",
                      "Authorization: Bearer " + getToken,
                      "-j",
                      "2",
                      "--per-host",
                      "4", // two request slots on the page host stay free for the worker
                      "--store",
                      store(),
                      "--crawl",
                      "tokens",
                      "-o",
                      first.toString(),
                      "http://127.0.0.1:" + pageHost.getAddress().getPort() + "/p/1"));
      assertThat(firstPage.await(60, TimeUnit.SECONDS)).as("the index page was read").isTrue();
      Run worker =
          trawl(
              "worker",
              "--header",
              "Authorization: Bearer " + workerToken,
              "--store",
              store(),
              "--crawl",
              "tokens",
              "-o",
              second.toString());
      Run seeded = get.get(60, TimeUnit.SECONDS);

      assertThat(seeded.code()).as(seeded.err()).isZero();
      assertThat(worker.code()).as(worker.err()).isZero();
      assertThat(pageTokens).hasSize(12);
      assertThat(pageTokens.values()).as("pages the worker read").contains(workerToken);
      assertThat(pictureHeaders).hasSize(12).noneMatch(h -> h.contains("Authorization"));
      String stored = storeDump();
      assertThat(stored).as("the shared state holds the crawl").contains("/p/12");
      for (String token : List.of(getToken, workerToken)) {
        assertThat(stored).doesNotContain(token);
        for (Run r : List.of(seeded, worker)) {
          assertThat(r.out() + r.err()).doesNotContain(token);
        }
        try (Stream<Path> files = Files.walk(tmp)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(f), ISO_8859_1))
                .as(f.toString())
                .doesNotContain(token);
          }
        }
      }
    } finally {
      pageHost.stop(0);
      pictureHost.stop(0);
    }
  }

  /** Every row of every table of the shared store, as text. */
  private static String storeDump() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "select schemaname || '.' || tablename from pg_tables"
                  + " where schemaname not in ('pg_catalog', 'information_schema')")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet r = s.executeQuery("select x::text from " + t + " x")) {
          while (r.next()) {
            all.append(r.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }
}
