package dev.trawl;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import dev.trawl.store.CrashPoint;
import dev.trawl.store.UnnamedFilesTest;
import dev.trawl.testing.ChildJvm;
import dev.trawl.testing.CrawlChild;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.ManifestCheck;
import dev.trawl.testing.SeedJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a crawl running in a child JVM with {@code destroyForcibly()} at chosen points, runs it
 * again, and checks that every picture ends up saved exactly once and nothing else was lost.
 */
class CrashTest {
  static final int CONCURRENCY = 4;

  DemoGallery gallery;

  @TempDir Path out;

  @BeforeEach
  void startGallery() throws IOException {
    gallery =
        DemoGallery.builder().latency(Duration.ofMillis(150)).pages(3).worksPerPage(10).start();
  }

  @AfterEach
  void stopGallery() {
    gallery.close();
  }

  Process child(String crashPoint, String... moreJvmArgs) throws IOException {
    return childCrawling(gallery.listingTemplate(), crashPoint, moreJvmArgs);
  }

  Process childCrawling(String start, String crashPoint, String... moreJvmArgs) throws IOException {
    List<String> jvmArgs = new ArrayList<>(List.of(moreJvmArgs));
    if (crashPoint != null) {
      jvmArgs.add("-Dtrawl.crashpoint=" + crashPoint);
      jvmArgs.add("-Dtrawl.crashpoint.file=" + out.resolveSibling(out.getFileName() + ".reached"));
    }
    List<String> cmd = ChildJvm.command(jvmArgs, CrawlChild.class, start, out.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
        .start();
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  long pictureFiles() {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  long fullImageRequests() {
    long n = 0;
    for (String id : gallery.workIds()) {
      n += gallery.requestCount("/uploads/thumbMid_" + id + ".jpg");
    }
    return n;
  }

  /** Runs the crawl again in this JVM and checks the end state. */
  void resumeAndCheck(long savedAtKill, long requestsAtKill) throws IOException {
    resumeAndCheck(savedAtKill, requestsAtKill, CONCURRENCY);
  }

  /**
   * Runs the crawl again in this JVM and checks the end state; at most {@code mayRefetch} pictures
   * were fetched twice.
   */
  void resumeAndCheck(long savedAtKill, long requestsAtKill, long mayRefetch) throws IOException {
    CrawlSummary s =
        SeedJob.of(out, gallery.listingTemplate()).concurrency(CONCURRENCY).build().run();
    assertThat(s.complete()).isTrue();
    assertThat(pictureFiles()).isEqualTo(30);
    for (String id : gallery.workIds()) {
      assertThat(out.resolve("thumbMid_" + id + ".jpg")).hasBinaryContent(gallery.fullImage(id));
    }
    ManifestCheck.everyPictureSavedOnce(out.resolve("manifest.jsonl"), 30);
    try (Stream<Path> tmp = Files.list(out.resolve(".trawl/tmp"))) {
      assertThat(tmp).isEmpty();
    }
    // Refetched: at most the images that were in flight when the child died.
    long refetched = fullImageRequests() - requestsAtKill - (30 - savedAtKill);
    assertThat(refetched).isLessThanOrEqualTo(mayRefetch);
  }

  @Test
  void killedAtRandomMomentsThreeTimesThenResumedHasEveryPictureOnce() throws Exception {
    long seed = System.nanoTime();
    System.out.println("killedAtRandomMoments seed " + seed); // to replay a failure
    java.util.Random random = new java.util.Random(seed);
    long requests = 0;
    for (int kill = 0; kill < 3; kill++) {
      // a random moment: after some more picture requests, anywhere in the crawl
      long at = requests + 1 + random.nextInt(8);
      Process p = child(null);
      waitFor(() -> fullImageRequests() >= at || !p.isAlive());
      kill(p);
      requests = fullImageRequests();
    }
    resumeAndCheck(pictureFiles(), fullImageRequests(), 2L * CONCURRENCY);
  }

  @Test
  void killedBeforeAnyPictureIsSavedLosesNothing() throws Exception {
    Process p = child(null);
    waitFor(() -> fullImageRequests() >= 1);
    kill(p);
    long saved = pictureFiles();
    resumeAndCheck(saved, fullImageRequests());
  }

  @Test
  void killedWhileDownloadsAreInFlightLosesNothing() throws Exception {
    Process p = child(null);
    waitFor(() -> pictureFiles() >= 8);
    kill(p);
    resumeAndCheck(pictureFiles(), fullImageRequests());
  }

  @Test
  void killedBetweenRenameAndCommitAdoptsTheFileWithoutDuplicates() throws Exception {
    Path reached = out.resolveSibling(out.getFileName() + ".reached");
    Process p = child(CrashPoint.SAVED_NOT_RECORDED);
    waitFor(() -> Files.exists(reached));
    kill(p);
    assertThat(pictureFiles()).isGreaterThanOrEqualTo(1);
    resumeAndCheck(pictureFiles(), fullImageRequests());
  }

  @Test
  void killedBetweenRenameAndCommitTheNextRunSavesThePictureAndItsSameNamedCopyIsTheDuplicate()
      throws Exception {
    byte[] same = gallery.fullImage(gallery.workIds().get(0));
    CountDownLatch killed = new CountDownLatch(1);
    try (HostileServer albums = HostileServer.start()) {
      // two albums show the same picture under the same name; the second answers after the kill
      albums.route(
          "/page",
          ex ->
              ex.respond(
                  200,
                  "text/html",
                  "<div class=workimage><img data-original=/a/thumb_x.jpg></div>"
                      + "<div class=workimage><img data-original=/b/thumb_x.jpg></div>"));
      albums.route("/a/thumbMid_x.jpg", ex -> ex.respond(200, "image/jpeg", same));
      albums.route(
          "/b/thumbMid_x.jpg",
          ex -> {
            killed.await(60, TimeUnit.SECONDS);
            ex.respond(200, "image/jpeg", same);
          });
      Path reached = out.resolveSibling(out.getFileName() + ".reached");
      Process p = childCrawling(albums.url("/page"), CrashPoint.SAVED_NOT_RECORDED);
      waitFor(() -> Files.exists(reached));
      kill(p);
      killed.countDown();
      assertThat(out.resolve("thumbMid_x.jpg")).hasBinaryContent(same);

      CrawlSummary s = SeedJob.of(out, albums.url("/page")).build().run();

      assertThat(s.saved()).isEqualTo(1);
      assertThat(s.duplicates()).isEqualTo(1);
      List<String> manifest =
          Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8);
      assertThat(manifest)
          .filteredOn(l -> l.contains("/a/thumb_x.jpg"))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .contains("\"status\":\"saved\"");
      assertThat(manifest)
          .filteredOn(l -> l.contains("/b/thumb_x.jpg"))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .contains("\"status\":\"duplicate\"", "\"file\":\"thumbMid_x.jpg\"");
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.filter(f -> f.toString().endsWith(".jpg"))).hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void killedWithABatchWrittenButNotNamedLeavesNoneOfItAndTheNextRunFetchesItAgain(
      boolean unnamedFiles) throws Exception {
    Path reached = out.resolveSibling(out.getFileName() + ".reached");
    Process p =
        child(
            CrashPoint.BATCH_NOT_SYNCED,
            "-Dtrawl.commitLingerMs=300",
            "-Dtrawl.tmpfile=" + unnamedFiles);
    waitFor(() -> Files.exists(reached));
    long named = pictureFiles();
    kill(p);
    assertThat(pictureFiles()).isEqualTo(named);
    Path tmp = out.resolve(".trawl/tmp");
    try (Stream<Path> left = Files.list(tmp)) {
      if (unnamedFiles && UnnamedFilesTest.madeIn(tmp)) {
        assertThat(left).as("a killed process leaves no temp file").isEmpty();
      } else {
        assertThat(left).as("the batch's temp files").isNotEmpty();
      }
    }
    resumeAndCheck(named, fullImageRequests(), 2L * CONCURRENCY);
  }

  @Test
  void killedMidBatchLeavesOnlyCompleteFilesAndTheNextRunAdoptsTheBatch() throws Exception {
    Path reached = out.resolveSibling(out.getFileName() + ".reached");
    // a long linger makes the committer gather several pictures into one batch
    Process p = child(CrashPoint.BATCH_NOT_RECORDED, "-Dtrawl.commitLingerMs=300");
    waitFor(() -> Files.exists(reached));
    kill(p);
    long named = pictureFiles();
    assertThat(named).isGreaterThanOrEqualTo(2);
    // every file under its final name is complete, recorded or not
    for (String id : gallery.workIds()) {
      Path f = out.resolve("thumbMid_" + id + ".jpg");
      if (Files.exists(f)) {
        assertThat(f).hasBinaryContent(gallery.fullImage(id));
      }
    }
    // the batch in flight, the bodies waiting behind it, and the downloads in flight
    resumeAndCheck(named, fullImageRequests(), 2L * CONCURRENCY);
  }
}
