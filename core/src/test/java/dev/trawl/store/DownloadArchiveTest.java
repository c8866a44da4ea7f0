package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.StateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DownloadArchiveTest {
  @TempDir Path dir;

  @Test
  void aNewArchiveHasNothing() {
    try (DownloadArchive archive = DownloadArchive.open(dir.resolve("archive.db"))) {
      assertThat(archive.hasUrl("https://a.test/1.jpg")).isFalse();
      assertThat(archive.hasHash("ab12")).isFalse();
    }
  }

  @Test
  void recordAddsTheUrlAndTheHash() {
    try (DownloadArchive archive = DownloadArchive.open(dir.resolve("archive.db"))) {
      archive.record("https://a.test/1.jpg", "ab12");

      assertThat(archive.hasUrl("https://a.test/1.jpg")).isTrue();
      assertThat(archive.hasHash("ab12")).isTrue();
      assertThat(archive.hasUrl("https://a.test/2.jpg")).isFalse();
      assertThat(archive.hasHash("cd34")).isFalse();
    }
  }

  @Test
  void recordWithoutHashRecordsOnlyTheUrl() {
    try (DownloadArchive archive = DownloadArchive.open(dir.resolve("archive.db"))) {
      archive.record("https://a.test/1.jpg", null);

      assertThat(archive.hasUrl("https://a.test/1.jpg")).isTrue();
    }
  }

  @Test
  void recordingTwiceIsHarmless() {
    try (DownloadArchive archive = DownloadArchive.open(dir.resolve("archive.db"))) {
      archive.record("https://a.test/1.jpg", "ab12");
      archive.record("https://a.test/1.jpg", "ab12");

      assertThat(archive.hasUrl("https://a.test/1.jpg")).isTrue();
    }
  }

  @Test
  void recordsSurviveReopen() {
    Path file = dir.resolve("nested/dir/archive.db");
    try (DownloadArchive archive = DownloadArchive.open(file)) {
      archive.record("https://a.test/1.jpg", "ab12");
    }

    try (DownloadArchive archive = DownloadArchive.open(file)) {
      assertThat(archive.hasUrl("https://a.test/1.jpg")).isTrue();
      assertThat(archive.hasHash("ab12")).isTrue();
    }
  }

  @Test
  void twoOpenersOfOneFileSeeEachOthersRecords() {
    Path file = dir.resolve("archive.db");
    try (DownloadArchive a = DownloadArchive.open(file);
        DownloadArchive b = DownloadArchive.open(file)) {
      a.record("https://a.test/1.jpg", "ab12");

      assertThat(b.hasUrl("https://a.test/1.jpg")).isTrue();
      assertThat(b.hasHash("ab12")).isTrue();
    }
  }

  @Test
  @Timeout(120)
  void concurrentWritersThroughSeveralOpenersLoseNothing() throws Exception {
    Path file = dir.resolve("archive.db");
    int writers = 6;
    int each = 100;
    List<DownloadArchive> archives = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int i = 0; i < writers / 2; i++) {
        archives.add(DownloadArchive.open(file));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        DownloadArchive archive = archives.get(w % archives.size());
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    archive.record("u" + writer + "-" + i, "h" + writer + "-" + i);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }

      DownloadArchive reader = archives.get(0);
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < each; i++) {
          assertThat(reader.hasUrl("u" + w + "-" + i)).isTrue();
          assertThat(reader.hasHash("h" + w + "-" + i)).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
      archives.forEach(DownloadArchive::close);
    }
  }

  @Test
  void openRefusesAFileThatIsNotSqliteAndNamesIt() throws Exception {
    Path file = dir.resolve("archive.txt");
    Files.writeString(file, "https://a.test/1.jpg\nhttps://a.test/2.jpg\n");

    assertThatThrownBy(() -> DownloadArchive.open(file))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void aClosedArchiveRefusesCalls() {
    DownloadArchive archive = DownloadArchive.open(dir.resolve("archive.db"));
    archive.close();

    assertThatThrownBy(() -> archive.hasUrl("u")).isInstanceOf(IllegalStateException.class);
  }
}
