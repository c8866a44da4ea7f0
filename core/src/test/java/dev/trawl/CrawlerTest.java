package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.aio.CancelledException;
import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlerTest {
  static DemoGallery gallery;

  @TempDir Path out;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ofMillis(5)).start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  static ExtractRules seedRules() {
    return new ExtractRules(
        "div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR);
  }

  Crawler.Builder seedJob(String... urls) {
    return Crawler.builder()
        .start(urls.length == 0 ? new String[] {gallery.listingTemplate()} : urls)
        .rules(seedRules())
        .rewrite("/thumb_=>/thumbMid_")
        .outDir(out);
  }

  Map<String, byte[]> savedFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("manifest.jsonl"))
          .filter(p -> !p.getFileName().toString().equals("index.html"))
          .collect(
              Collectors.toMap(
                  p -> p.getFileName().toString(),
                  p -> {
                    try {
                      return Files.readAllBytes(p);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }));
    }
  }

  List<String> manifest() throws IOException {
    return Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8);
  }

  @Test
  void seedJobSavesExactlyThe192FullSizePicturesByteIdentical() throws IOException {
    CrawlSummary s = seedJob().build().run();

    assertThat(s.complete()).isTrue();
    assertThat(s.pagesFetched()).isEqualTo(16);
    assertThat(s.saved()).isEqualTo(192);
    Map<String, byte[]> files = savedFiles();
    assertThat(files).hasSize(192);
    for (String id : gallery.workIds()) {
      assertThat(files.get("thumbMid_" + id + ".jpg")).isEqualTo(gallery.fullImage(id));
    }
    assertThat(manifest()).hasSize(192).allMatch(l -> l.contains("\"status\":\"saved\""));
  }

  @Test
  void nothingIsLeftInTheTempFolderAfterACrawl() throws IOException {
    seedJob().build().run();
    try (Stream<Path> tmp = Files.list(out.resolve(".trawl/tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void followingNextLinksFromTheFirstPageReachesEveryPage() throws IOException {
    CrawlSummary s = seedJob(gallery.listingUrl(1)).build().run();
    assertThat(s.pagesFetched()).isEqualTo(16);
    assertThat(s.saved()).isEqualTo(192);
  }

  @Test
  void openEndedRangeStopsAtTheFirst404WithoutCountingItAsAFailure() throws IOException {
    String open = gallery.listingTemplate().replace("{1..16}", "{1..}");
    CrawlSummary s = seedJob(open).build().run();
    assertThat(s.pagesFetched()).isEqualTo(16);
    assertThat(s.pageFailures()).isEmpty();
    assertThat(s.saved()).isEqualTo(192);
  }

  @Test
  void pagesShowingPicturesTheSelectionMissesEndAsNothingSaved() throws IOException {
    CrawlSummary s =
        Crawler.builder()
            .start(gallery.listingUrl(1))
            .followNext(false)
            .rules(
                new ExtractRules("#media a", List.of("href"), ExtractRules.DEFAULT_NEXT_SELECTOR))
            .outDir(out)
            .build()
            .run();

    assertThat(s.saved()).isZero();
    assertThat(s.picturesShown()).isEqualTo(12);
    assertThat(s.shortfall()).isEqualTo(CrawlSummary.Shortfall.NOTHING_SAVED);
  }

  @Test
  void aCrawlThatSavesPicturesHasNoShortfall() throws IOException {
    CrawlSummary s = seedJob(gallery.listingUrl(1)).maxPages(1).build().run();

    assertThat(s.saved()).isEqualTo(12);
    assertThat(s.shortfall()).isEqualTo(CrawlSummary.Shortfall.NONE);
  }

  @Test
  void aRerunThatFindsEverythingSavedBeforeHasNoShortfall() throws IOException {
    seedJob(gallery.listingUrl(1)).maxPages(1).build().run();
    CrawlSummary again = seedJob(gallery.listingUrl(1)).maxPages(1).refresh(true).build().run();

    assertThat(again.saved()).isZero();
    assertThat(again.shortfall()).isEqualTo(CrawlSummary.Shortfall.NONE);
  }

  @Test
  void maxPagesLimitsTheListingPagesFetched() throws IOException {
    CrawlSummary s = seedJob(gallery.listingUrl(1)).maxPages(3).build().run();
    assertThat(s.pagesFetched()).isEqualTo(3);
    assertThat(s.saved()).isEqualTo(36);
  }

  @Test
  void aSecondRunOverTheSameOutDirAddsNoFiles() throws IOException {
    seedJob(gallery.listingUrl(1)).maxPages(2).build().run();
    Set<String> before = new HashSet<>(savedFiles().keySet());
    CrawlSummary again = seedJob(gallery.listingUrl(1)).maxPages(2).build().run();
    assertThat(again.failed()).isZero();
    assertThat(savedFiles().keySet()).isEqualTo(before);
  }

  @Test
  void rewrittenUrlThatIsNotAnImageFailsWithTheReason() throws IOException {
    CrawlSummary s =
        Crawler.builder()
            .start(gallery.listingUrl(1))
            .followNext(false)
            .rules(seedRules())
            .rewrite("/uploads/thumb_(\\w+)\\.jpg=>/picture/works/$1")
            .outDir(out)
            .build()
            .run();
    assertThat(s.failed()).isEqualTo(12);
    assertThat(s.failuresByReason()).containsEntry("not an image", 12L);
    assertThat(savedFiles()).isEmpty();
    assertThat(manifest()).allMatch(l -> l.contains("\"reason\":\"not an image\""));
  }

  @Test
  void fallbackTakesTheUrlAsFoundWhenTheRewrittenOneIsMissing() throws IOException {
    CrawlSummary s =
        Crawler.builder()
            .start(gallery.listingUrl(1))
            .followNext(false)
            .rules(seedRules())
            .rewrite("/thumb_=>/missing_")
            .fallback(true)
            .outDir(out)
            .build()
            .run();
    assertThat(s.complete()).isTrue();
    assertThat(s.saved()).isEqualTo(12);
    String id = gallery.workIds().get(0);
    assertThat(savedFiles().get("thumb_" + id + ".jpg")).isEqualTo(gallery.thumbnail(id));
    assertThat(manifest()).allMatch(l -> l.contains("\"attempts\":2"));
  }

  @Test
  void unreachableStartPagesAreFatal() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Crawler c = Crawler.builder().start("http://127.0.0.1:" + port + "/p/1").outDir(out).build();
    assertThatThrownBy(c::run)
        .isInstanceOf(CrawlException.class)
        .hasMessageContaining("start pages unreachable")
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void outDirThatIsAFileIsFatal() throws IOException {
    Path file = Files.writeString(out.resolve("file"), "x");
    Crawler c = seedJob().outDir(file).build();
    assertThatThrownBy(c::run)
        .isInstanceOf(CrawlException.class)
        .hasMessageContaining("out dir not writable");
  }

  @Test
  void cancelStopsTheCrawlAndLeavesOnlyCompletePictures() throws Exception {
    try (DemoGallery slow = DemoGallery.builder().latency(Duration.ofMillis(200)).start()) {
      CountDownLatch firstSaved = new CountDownLatch(1);
      Crawler c =
          Crawler.builder()
              .start(slow.listingTemplate())
              .rules(seedRules())
              .rewrite("/thumb_=>/thumbMid_")
              .outDir(out)
              .listener(
                  new CrawlListener() {
                    @Override
                    public void imageDone(ItemOutcome o) {
                      firstSaved.countDown();
                    }
                  })
              .build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread runner =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      c.run();
                    } catch (Throwable t) {
                      thrown.set(t);
                    }
                  });
      assertThat(firstSaved.await(30, TimeUnit.SECONDS)).isTrue();
      c.cancel();
      runner.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(runner.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(CancelledException.class);
      Set<String> complete = new HashSet<>();
      for (String id : slow.workIds()) {
        complete.add(java.util.HexFormat.of().formatHex(slow.fullImage(id)));
      }
      Map<String, byte[]> files = savedFiles();
      assertThat(files).isNotEmpty().hasSizeLessThan(192);
      for (byte[] b : files.values()) {
        assertThat(complete).contains(java.util.HexFormat.of().formatHex(b));
      }
      try (Stream<Path> tmp = Files.list(out.resolve(".trawl/tmp"))) {
        assertThat(tmp).isEmpty();
      }
    }
  }

  @Test
  void aPictureWaitingForItsSaveDoesNotHoldItsDownloadSlot() {
    // One download at a time, and the first picture's save held until the server has been asked
    // for a second picture. Saving in the download slot would never let that request out.
    long requests = gallery.requestCount();
    long robots = gallery.requestCount("/robots.txt");
    LongSupplier picturesRequested =
        () ->
            gallery.requestCount()
                - requests
                - (gallery.requestCount("/robots.txt") - robots)
                - 1; // the listing page
    AtomicReference<Long> requestedWhileSaving = new AtomicReference<>();
    CrawlSummary s =
        seedJob(gallery.listingUrl(1))
            .maxPages(1)
            .concurrency(1)
            .listener(
                new CrawlListener() {
                  @Override
                  public void imageDone(ItemOutcome outcome) {
                    if (requestedWhileSaving.get() == null) {
                      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                      while (picturesRequested.getAsLong() < 2 && System.nanoTime() < deadline) {
                        try {
                          Thread.sleep(1);
                        } catch (InterruptedException e) {
                          throw new CancelledException("test stopped");
                        }
                      }
                      requestedWhileSaving.set(picturesRequested.getAsLong());
                    }
                  }
                })
            .build()
            .run();

    assertThat(requestedWhileSaving.get()).isGreaterThanOrEqualTo(2);
    assertThat(s.saved()).isEqualTo(12);
  }
}
