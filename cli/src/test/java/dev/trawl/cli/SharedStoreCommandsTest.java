package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.DemoGallery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
}
