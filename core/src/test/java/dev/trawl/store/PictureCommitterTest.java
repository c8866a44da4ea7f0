package dev.trawl.store;

import static dev.trawl.store.ImageStoreTest.jpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.MemoryCrawlStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PictureCommitterTest {
  @TempDir Path out;

  final LinkedBlockingQueue<List<PictureCommitter.Committed<String>>> batches =
      new LinkedBlockingQueue<>();

  Staged stage(ImageStore store, String url, byte[] body) throws IOException {
    return store.stage(new ByteArrayInputStream(body), url, "image/jpeg");
  }

  List<PictureCommitter.Committed<String>> nextBatch() throws InterruptedException {
    List<PictureCommitter.Committed<String>> b = batches.poll(30, TimeUnit.SECONDS);
    assertThat(b).as("a batch within 30 s").isNotNull();
    return b;
  }

  List<Path> tempFiles() throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(".trawl/tmp"))) {
      return s.toList();
    }
  }

  @Test
  void committedBodyIsUnderItsFinalNameWithItsTagAndNoTempFileIsLeft() throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    byte[] body = jpeg("one");
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, batches::add)) {
      c.add(stage(store, "http://h/a.jpg", body), "http://h/a.jpg", "tag-a");
      List<PictureCommitter.Committed<String>> b = nextBatch();
      assertThat(b).hasSize(1);
      assertThat(b.get(0).tag()).isEqualTo("tag-a");
      assertThat(b.get(0).failure()).isNull();
      assertThat(b.get(0).stored()).isEqualTo(new Stored("a.jpg", false));
      assertThat(out.resolve("a.jpg")).hasBinaryContent(body);
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void bodiesAddedWhileABatchIsRecordedFormTheNextBatchAndClaimTheirNamesInOneCall()
      throws Exception {
    AtomicInteger batchClaims = new AtomicInteger();
    MemoryCrawlStore state = new MemoryCrawlStore();
    ContentIndex index =
        new ContentIndex() {
          @Override
          public Optional<Holder> claimName(String sha256, String file, String item) {
            return state.claimName(sha256, file, item);
          }

          @Override
          public List<Optional<Holder>> claimNames(List<Claim> claims) {
            batchClaims.incrementAndGet();
            return ContentIndex.super.claimNames(claims);
          }
        };
    ImageStore store = new ImageStore(out, index);
    CountDownLatch firstSeen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PictureCommitter.Sink<String> sink =
        b -> {
          batches.add(b);
          if (b.get(0).tag().equals("first")) {
            firstSeen.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, sink)) {
      c.add(stage(store, "http://h/0.jpg", jpeg("0")), "http://h/0.jpg", "first");
      assertThat(firstSeen.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i <= 3; i++) {
        String url = "http://h/" + i + ".jpg";
        c.add(stage(store, url, jpeg(String.valueOf(i))), url, "t" + i);
      }
      release.countDown();
      assertThat(nextBatch()).hasSize(1);
      List<PictureCommitter.Committed<String>> second = nextBatch();
      assertThat(second)
          .extracting(PictureCommitter.Committed::tag)
          .containsExactly("t1", "t2", "t3");
      assertThat(second).allSatisfy(x -> assertThat(x.failure()).isNull());
      for (int i = 1; i <= 3; i++) {
        assertThat(out.resolve(i + ".jpg")).hasBinaryContent(jpeg(String.valueOf(i)));
      }
    }
    assertThat(batchClaims.get()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
    "http://h/a.jpg,   http://h/b.jpg,   a.jpg",
    "http://h/a/x.jpg, http://h/b/x.jpg, x.jpg" // both want the same name
  })
  void sameBytesInOneBatchAreStoredOnceAndTheSecondIsADuplicate(
      String first, String second, String file) throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstSeen = new CountDownLatch(1);
    PictureCommitter.Sink<String> sink =
        b -> {
          batches.add(b);
          firstSeen.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, sink)) {
      c.add(stage(store, "http://h/0.jpg", jpeg("0")), "http://h/0.jpg", "0");
      assertThat(firstSeen.await(30, TimeUnit.SECONDS)).isTrue();
      // both wait while the first batch is recorded: they form the next batch together
      c.add(stage(store, first, jpeg("same")), first, "first");
      c.add(stage(store, second, jpeg("same")), second, "second");
      release.countDown();
      nextBatch();
      List<PictureCommitter.Committed<String>> b = nextBatch();
      assertThat(b).extracting(PictureCommitter.Committed::tag).containsExactly("first", "second");
      assertThat(b.get(0).stored()).isEqualTo(new Stored(file, false));
      assertThat(b.get(1).stored()).isEqualTo(new Stored(file, true));
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("0.jpg", file);
    }
    assertThat(out.resolve(file)).hasBinaryContent(jpeg("same"));
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void closeCommitsEveryBodyAddedBeforeIt() throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ofSeconds(1), batches::add);
    for (int i = 0; i < 5; i++) {
      String url = "http://h/" + i + ".jpg";
      c.add(stage(store, url, jpeg("c" + i)), url, "t" + i);
    }
    c.close();
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(out.resolve(i + ".jpg")).hasBinaryContent(jpeg("c" + i));
    }
    assertThatThrownBy(() -> c.add(stage(store, "http://h/late.jpg", jpeg("l")), "u", "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aSinkThatThrowsStopsTheCommitterAndWaitingBodiesAreDeleted() throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    CountDownLatch firstSeen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("disk full");
    PictureCommitter.Sink<String> sink =
        b -> {
          firstSeen.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw boom;
        };
    PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, sink);
    c.add(stage(store, "http://h/a.jpg", jpeg("a")), "http://h/a.jpg", "a");
    assertThat(firstSeen.await(30, TimeUnit.SECONDS)).isTrue();
    c.add(stage(store, "http://h/b.jpg", jpeg("b")), "http://h/b.jpg", "b");
    release.countDown();
    assertThatThrownBy(c::close).isSameAs(boom);
    assertThatThrownBy(() -> c.add(stage(store, "http://h/c.jpg", jpeg("c")), "u", "c"))
        .isSameAs(boom);
    assertThat(out.resolve("b.jpg")).doesNotExist();
    // b was deleted unwritten; c, staged and refused, is still only in memory
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aBatchIsSyncedWithOneSyncfsWhereTheForeignFunctionApiIsUsable() throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, batches::add)) {
      PictureCommitter.Method expected =
          NativeLibrary.usable()
              ? PictureCommitter.Method.SYNCFS
              : PictureCommitter.Method.PARALLEL;
      assertThat(c.method()).isEqualTo(expected);
      c.add(stage(store, "http://h/a.jpg", jpeg("a")), "http://h/a.jpg", "a");
      assertThat(nextBatch().get(0).failure()).isNull();
    }
  }
}
