package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.aio.CancelledException;
import dev.trawl.demo.DemoGallery;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import dev.trawl.testing.SeedJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crawls that continue where an earlier run stopped, in one JVM. Crash tests kill a child JVM. */
class ResumeTest {
  DemoGallery gallery;

  @TempDir Path out;

  @BeforeEach
  void startGallery() throws IOException {
    gallery =
        DemoGallery.builder().latency(Duration.ofMillis(20)).pages(4).worksPerPage(10).start();
  }

  @AfterEach
  void stopGallery() {
    gallery.close();
  }

  Crawler.Builder job() {
    return SeedJob.of(out, gallery.listingTemplate()).concurrency(4);
  }

  List<Path> pictures() throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  List<JsonNode> manifest() throws IOException {
    ObjectMapper m = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
      lines.add(m.readTree(l));
    }
    return lines;
  }

  long fullImageRequests() {
    long n = 0;
    for (String id : gallery.workIds()) {
      n += gallery.requestCount("/uploads/thumbMid_" + id + ".jpg");
    }
    return n;
  }

  void assertEveryPictureExactlyOnce() throws IOException {
    List<Path> files = pictures();
    assertThat(files).hasSize(40);
    for (String id : gallery.workIds()) {
      assertThat(out.resolve("thumbMid_" + id + ".jpg")).hasBinaryContent(gallery.fullImage(id));
    }
    List<JsonNode> m = manifest();
    assertThat(m).hasSize(40);
    Set<String> urls = new HashSet<>();
    m.forEach(l -> urls.add(l.get("url").asText()));
    assertThat(urls).hasSize(40);
    assertThat(m).allMatch(l -> l.get("status").asText().equals("saved"));
    try (Stream<Path> tmp = Files.list(out.resolve(".trawl/tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void aCancelledCrawlContinuesWhereItStoppedFetchingNoSavedPictureAgain() throws Exception {
    CountDownLatch tenSaved = new CountDownLatch(10);
    Crawler first =
        job()
            .listener(
                new CrawlListener() {
                  @Override
                  public void imageDone(ItemOutcome o) {
                    tenSaved.countDown();
                  }
                })
            .build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    first.run();
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    assertThat(tenSaved.await(30, TimeUnit.SECONDS)).isTrue();
    first.cancel();
    t.join(30_000);
    assertThat(thrown.get()).isInstanceOf(CancelledException.class);
    int savedBefore = pictures().size();
    long requestsBefore = fullImageRequests();

    CrawlSummary second = job().build().run();

    assertThat(second.complete()).isTrue();
    assertEveryPictureExactlyOnce();
    // Only the images still open when the first run stopped are fetched by the second.
    assertThat(fullImageRequests() - requestsBefore).isLessThanOrEqualTo(40 - savedBefore + 4);
    assertThat(second.totals().saved()).isEqualTo(40);
  }

  @Test
  void aFinishedCrawlRunAgainFetchesNothing() throws IOException {
    job().build().run();
    gallery.resetCounters();
    CrawlSummary again = job().build().run();
    assertThat(again.complete()).isTrue();
    assertThat(gallery.requestCount()).isZero();
    assertThat(again.totals().saved()).isEqualTo(40);
    assertEveryPictureExactlyOnce();
  }

  @Test
  void aSavedPictureWhoseFileWasDeletedIsFetchedAgain() throws IOException {
    job().build().run();
    String id = gallery.workIds().get(7);
    Files.delete(out.resolve("thumbMid_" + id + ".jpg"));
    gallery.resetCounters();
    job().build().run();
    assertThat(gallery.requestCount("/uploads/thumbMid_" + id + ".jpg")).isEqualTo(1);
    assertEveryPictureExactlyOnce();
  }

  @Test
  void refreshRevisitsPagesWithValidatorsAndDownloadsNothingUnchanged() throws IOException {
    job().build().run();
    gallery.resetCounters();
    CrawlSummary again = job().refresh(true).build().run();
    assertThat(again.complete()).isTrue();
    assertThat(gallery.requestCount("/picture/lists/p/1")).isEqualTo(1);
    assertThat(fullImageRequests()).isZero();
    assertEveryPictureExactlyOnce();
  }

  @Test
  void anArchiveSharedAcrossOutDirsSkipsWhatItRecorded(@TempDir Path other) throws IOException {
    Path archive = other.resolve("archive.db");
    job().archive(archive).build().run();
    gallery.resetCounters();
    CrawlSummary second = job().outDir(other.resolve("second")).archive(archive).build().run();
    assertThat(second.skipped()).isEqualTo(40);
    assertThat(second.complete()).isTrue();
    assertThat(fullImageRequests()).isZero();
  }

  @Test
  void aSecondCrawlIntoTheSameOutDirIsRefused() throws IOException {
    Files.createDirectories(out.resolve(".trawl"));
    try (CrawlStore held = SqliteCrawlStore.open(out.resolve(".trawl"))) {
      assertThatThrownBy(() -> job().build().run())
          .isInstanceOf(CrawlException.class)
          .hasMessageContaining("another trawl")
          .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()));
    }
  }
}
