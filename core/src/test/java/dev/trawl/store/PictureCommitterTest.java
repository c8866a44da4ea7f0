package dev.trawl.store;

import static dev.trawl.store.ImageStoreTest.jpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.MemoryCrawlStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    "http://h/a.jpg,   http://h/b.jpg,   a.jpg, true",
    "http://h/a/x.jpg, http://h/b/x.jpg, x.jpg, true", // both want the same name
    "http://h/a.jpg,   http://h/b.jpg,   a.jpg, false",
    "http://h/a/x.jpg, http://h/b/x.jpg, x.jpg, false"
  })
  void sameBytesInOneBatchAreStoredOnceAndTheSecondIsADuplicate(
      String first, String second, String file, boolean unnamed) throws Exception {
    ImageStore store =
        new ImageStore(
            out, new MemoryCrawlStore()::claimName, FilenameTemplate.defaults(), unnamed);
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

  /**
   * The crawl state, listing {@code .trawl/tmp} each time a batch claims its names: after the
   * batch's sync, before any of it is named. {@code meanwhile} runs then too.
   */
  final class ListingIndex implements ContentIndex {
    final MemoryCrawlStore state = new MemoryCrawlStore();
    final List<List<String>> listings = new CopyOnWriteArrayList<>();
    Runnable meanwhile = () -> {};

    @Override
    public Optional<Holder> claimName(String sha256, String file, String item) {
      return state.claimName(sha256, file, item);
    }

    @Override
    public List<Optional<Holder>> claimNames(List<Claim> claims) {
      try {
        listings.add(tempFiles().stream().map(p -> p.getFileName().toString()).toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      meanwhile.run();
      return ContentIndex.super.claimNames(claims);
    }
  }

  /** Commits five pictures (a.jpg to e.jpg) in one or more batches. */
  void commitFive(ImageStore store) throws Exception {
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, batches::add)) {
      for (String n : List.of("a", "b", "c", "d", "e")) {
        String url = "http://h/" + n + ".jpg";
        c.add(stage(store, url, jpeg(n)), url, n);
      }
    }
    for (String n : List.of("a", "b", "c", "d", "e")) {
      assertThat(out.resolve(n + ".jpg")).hasBinaryContent(jpeg(n));
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void bodiesAreWrittenToUnnamedFilesSoNoTempFileEverAppearsWhereTheFileSystemAllowsIt()
      throws Exception {
    ListingIndex index = new ListingIndex();
    ImageStore store = new ImageStore(out, index, FilenameTemplate.defaults(), true);
    // Linux with ext4 or tmpfs under the tests, JDK 22+ with native access: the case here
    assertThat(store.writesUnnamedFiles()).isEqualTo(NativeLibrary.usable());
    commitFive(store);
    assertThat(index.listings).isNotEmpty();
    if (store.writesUnnamedFiles()) {
      assertThat(index.listings).allSatisfy(l -> assertThat(l).isEmpty());
    }
  }

  @Test
  void withUnnamedFilesTurnedOffEachBodyHasATempFileUntilItIsNamed() throws Exception {
    ListingIndex index = new ListingIndex();
    ImageStore store = new ImageStore(out, index, FilenameTemplate.defaults(), false);
    assertThat(store.writesUnnamedFiles()).isFalse();
    commitFive(store);
    assertThat(index.listings.stream().mapToInt(List::size).sum()).isEqualTo(5);
    assertThat(index.listings)
        .allSatisfy(l -> assertThat(l).isNotEmpty().allMatch(n -> n.endsWith(".part")));
  }

  @ParameterizedTest
  @CsvSource({"true, true", "true, false", "false, true", "false, false"})
  void aNameTakenAfterItWasLookedAtIsNeverReplaced(boolean unnamed, boolean sameBytes)
      throws Exception {
    ListingIndex index = new ListingIndex();
    ImageStore store = new ImageStore(out, index, FilenameTemplate.defaults(), unnamed);
    byte[] theirs = sameBytes ? jpeg("a") : jpeg("someone else's");
    // the name was free when the batch looked; a file appears there before the batch names it
    index.meanwhile =
        () -> {
          try {
            Files.write(out.resolve("a.jpg"), theirs);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, batches::add)) {
      c.add(stage(store, "http://h/a.jpg", jpeg("a")), "http://h/a.jpg", "a");
      PictureCommitter.Committed<String> a = nextBatch().get(0);
      if (sameBytes) {
        assertThat(a.failure()).isNull();
        assertThat(a.stored()).isEqualTo(new Stored("a.jpg", false));
      } else {
        assertThat(a.failure()).hasMessage("file appeared while saving: " + out.resolve("a.jpg"));
      }
    }
    assertThat(out.resolve("a.jpg")).hasBinaryContent(theirs);
    assertThat(tempFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNameTakenByOtherBytesGetsTheHashSuffixAndTheirFileIsKept(boolean unnamed) throws Exception {
    Files.write(out.resolve("a.jpg"), jpeg("someone else's"));
    ImageStore store =
        new ImageStore(
            out, new MemoryCrawlStore()::claimName, FilenameTemplate.defaults(), unnamed);
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, batches::add)) {
      c.add(stage(store, "http://h/a.jpg", jpeg("a")), "http://h/a.jpg", "a");
      Stored a = nextBatch().get(0).stored();
      assertThat(a.file()).startsWith("a-").endsWith(".jpg");
      assertThat(out.resolve(a.file())).hasBinaryContent(jpeg("a"));
    }
    assertThat(out.resolve("a.jpg")).hasBinaryContent(jpeg("someone else's"));
    assertThat(tempFiles()).isEmpty();
  }

  static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void noDescriptorStaysOpenWhateverBecomesOfABody() throws Exception {
    ImageStore store = ImageStoreTest.images(out);
    commitFive(store); // binds the C library and starts what a commit needs
    for (int i = 0; i < 100; i++) {
      Files.write(out.resolve("taken-" + i + ".jpg"), jpeg("someone else's " + i));
    }
    long before = openDescriptors();
    try (PictureCommitter<String> c = new PictureCommitter<>(store, Duration.ZERO, b -> {})) {
      for (int i = 0; i < 100; i++) {
        byte[] body = jpeg("body " + i);
        c.add(stage(store, "http://h/new-" + i + ".jpg", body), "http://h/new-" + i + ".jpg", "n");
        c.add(stage(store, "http://h/dup-" + i + ".jpg", body), "http://h/dup-" + i + ".jpg", "d");
        String taken = "http://h/taken-" + i + ".jpg";
        c.add(stage(store, taken, jpeg("mine " + i)), taken, "t");
      }
    }
    for (int i = 0; i < 50; i++) {
      Staged s = stage(store, "http://h/gone-" + i + ".jpg", jpeg("gone " + i));
      store.write(s);
      store.discard(s);
    }
    // a crawl state that fails mid-batch: the committer stops with the batch's files open
    ContentIndex broken =
        new ContentIndex() {
          @Override
          public Optional<Holder> claimName(String sha256, String file, String item) {
            throw new IllegalStateException("state gone");
          }

          @Override
          public List<Optional<Holder>> claimNames(List<Claim> claims) {
            throw new IllegalStateException("state gone");
          }
        };
    ImageStore failing = new ImageStore(out, broken, FilenameTemplate.defaults(), true);
    PictureCommitter<String> c = new PictureCommitter<>(failing, Duration.ofMillis(200), b -> {});
    for (int i = 0; i < 100; i++) {
      c.add(stage(failing, "http://h/lost-" + i + ".jpg", jpeg("lost " + i)), "u", "l");
    }
    assertThatThrownBy(c::close).hasMessage("state gone");
    // a leak of one descriptor per body would show as 100 or more
    assertThat(openDescriptors()).isLessThanOrEqualTo(before + 10);
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
