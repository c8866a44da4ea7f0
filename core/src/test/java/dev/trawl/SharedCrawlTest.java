package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.postgres.PostgresCrawlStore;
import dev.trawl.frontier.postgres.PostgresServer;
import dev.trawl.store.ManifestWriter;
import dev.trawl.testing.ChildJvm;
import dev.trawl.testing.CrawlChild;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.ManifestCheck;
import dev.trawl.testing.Pictures;
import dev.trawl.testing.SeedJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several workers on one crawl through a real PostgreSQL: leases, global politeness, dedup. */
class SharedCrawlTest {
  static final PostgresServer server = PostgresServer.shared();

  final String crawl = PostgresServer.freshCrawl();
  final List<Process> children = new ArrayList<>();
  DemoGallery gallery;

  @TempDir Path tmp;

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    if (gallery != null) {
      gallery.close();
    }
  }

  Process worker(Path out, Duration lease, int perHost) throws IOException {
    Process p =
        new ProcessBuilder(
                ChildJvm.command(
                    List.of(),
                    CrawlChild.class,
                    gallery.listingTemplate(),
                    out.toString(),
                    server.url(),
                    crawl,
                    String.valueOf(lease.toMillis()),
                    String.valueOf(perHost)))
            .redirectErrorStream(true)
            .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
            .start();
    children.add(p);
    return p;
  }

  static List<Path> pictures(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).toList();
    }
  }

  long picturesIn(List<Path> dirs) throws IOException {
    long n = 0;
    for (Path d : dirs) {
      n += pictures(d).size();
    }
    return n;
  }

  @Test
  void threeWorkersOneKilledMidwayStillSaveEveryPictureExactlyOnce() throws Exception {
    gallery =
        DemoGallery.builder().latency(Duration.ofMillis(20)).pages(60).worksPerPage(20).start();
    List<Path> outs = List.of(tmp.resolve("w1"), tmp.resolve("w2"), tmp.resolve("w3"));
    Duration lease = Duration.ofSeconds(2);
    Process doomed = worker(outs.get(0), lease, 8);
    Process second = worker(outs.get(1), lease, 8);
    Process third = worker(outs.get(2), lease, 8);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (pictures(outs.get(0)).size() < 50 || picturesIn(outs) < 300) {
      assertThat(System.nanoTime()).as("300 pictures within 120 s").isLessThan(deadline);
      assertThat(doomed.isAlive()).as("worker 1 still running").isTrue();
      Thread.sleep(10);
    }
    doomed.destroyForcibly();
    assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<Long> heldWhenKilled = new ArrayList<>();
    try (CrawlStore store = PostgresCrawlStore.open(server.url(), crawl)) {
      store.forEach(
          CrawlStore.Kind.IMAGE, CrawlStore.Status.LEASED, i -> heldWhenKilled.add(i.id()));
    }

    assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("worker 2 finishes").isTrue();
    assertThat(third.waitFor(180, TimeUnit.SECONDS)).as("worker 3 finishes").isTrue();
    assertThat(second.exitValue()).isZero();
    assertThat(third.exitValue()).isZero();

    // Every picture exactly once across the three out dirs, byte-identical.
    Map<String, Integer> copies = new HashMap<>();
    for (Path d : outs) {
      for (Path p : pictures(d)) {
        copies.merge(sha256(p), 1, Integer::sum);
      }
    }
    Set<String> expected = new HashSet<>();
    for (String id : gallery.workIds()) {
      expected.add(sha256(gallery.fullImage(id)));
    }
    assertThat(expected).hasSize(1200);
    assertThat(copies.keySet()).isEqualTo(expected);
    assertThat(copies.values()).allMatch(n -> n == 1);
    assertThat(gallery.maxInFlight()).isLessThanOrEqualTo(8);

    try (CrawlStore store = PostgresCrawlStore.open(server.url(), crawl)) {
      // What the killed worker held went back to the queue when its lease expired, and was done.
      for (long id : heldWhenKilled) {
        store.forEach(
            CrawlStore.Kind.IMAGE,
            null,
            i -> {
              if (i.id() == id) {
                assertThat(i.status()).isEqualTo(CrawlStore.Status.SAVED);
              }
            });
      }
      assertThat(store.counts(CrawlStore.Kind.IMAGE))
          .containsEntry(CrawlStore.Status.SAVED, 1200L)
          .hasSize(1);
      Path manifest = tmp.resolve("all");
      Files.createDirectories(manifest);
      ManifestWriter.write(manifest, store);
      ManifestCheck.everyPictureSavedOnce(manifest.resolve("manifest.jsonl"), 1200);
    }
  }

  @Test
  void threeWorkersTogetherNeverExceedPerHostAtTheServer() throws Exception {
    gallery =
        DemoGallery.builder().latency(Duration.ofMillis(10)).pages(3).worksPerPage(10).start();
    List<Crawler.Builder> workers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      workers.add(
          SeedJob.of(tmp.resolve("w" + w), gallery.listingTemplate()).concurrency(8).perHost(2));
    }
    assertThat(together(workers)).hasSize(3).allMatch(CrawlSummary::complete);
    long saved = 0;
    for (int w = 0; w < 3; w++) {
      saved += pictures(tmp.resolve("w" + w)).size();
    }
    assertThat(saved).isEqualTo(30);
    assertThat(gallery.maxInFlight()).isBetween(1, 2);
  }

  @Test
  void twoWorkersRecordTheSamePictureInTenAlbumsAsOneSavedImageAndNineDuplicates()
      throws Exception {
    byte[] same = Pictures.drawn("jpg", 40, 30, 3);
    StringBuilder page = new StringBuilder("<html><body>");
    for (int i = 0; i < 10; i++) {
      page.append("<img src=\"/album").append(i).append("/x.jpg\">");
    }
    try (HostileServer albums = HostileServer.start()) {
      albums.route("/page", ex -> ex.respond(200, "text/html", page + "</body></html>"));
      albums.route("/album", ex -> ex.respond(200, "image/jpeg", same));
      List<Path> outs = List.of(tmp.resolve("w0"), tmp.resolve("w1"));
      List<Crawler.Builder> workers = new ArrayList<>();
      for (Path out : outs) {
        workers.add(
            Crawler.builder()
                .start(albums.url("/page"))
                .rules(ExtractRules.defaults())
                .concurrency(4)
                .outDir(out));
      }

      assertThat(together(workers)).hasSize(2).allMatch(CrawlSummary::complete);
      // (a worker that finds the holder's file not yet linked in the other's dir writes its own)
      assertThat(picturesIn(outs)).isPositive();
      for (Path out : outs) {
        for (Path p : pictures(out)) {
          assertThat(p.getFileName()).hasToString("x.jpg");
          assertThat(p).hasBinaryContent(same);
        }
      }
      try (CrawlStore store = PostgresCrawlStore.open(server.url(), crawl)) {
        assertThat(store.counts(CrawlStore.Kind.IMAGE))
            .containsEntry(CrawlStore.Status.SAVED, 1L)
            .containsEntry(CrawlStore.Status.DUPLICATE, 9L)
            .hasSize(2);
        store.forEach(
            CrawlStore.Kind.IMAGE, null, i -> assertThat(i.file()).as(i.key()).isEqualTo("x.jpg"));
      }
    }
  }

  /** Runs the workers at once on this test's crawl, each on a thread: their summaries. */
  List<CrawlSummary> together(List<Crawler.Builder> workers) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<CrawlSummary> summaries = new ArrayList<>();
    for (Crawler.Builder w : workers) {
      Crawler crawler = w.store(server.url()).crawlName(crawl).build();
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    CrawlSummary s = crawler.run();
                    synchronized (summaries) {
                      summaries.add(s);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join(120_000);
    }
    synchronized (summaries) {
      return List.copyOf(summaries);
    }
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return sha256(in.readAllBytes());
    }
  }

  static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
