package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.MemoryCrawlStore;
import dev.trawl.frontier.PictureInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageStoreTest {
  @TempDir Path out;

  static byte[] jpeg(String marker) {
    byte[] tail = marker.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[4 + tail.length + 2];
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    b[3] = (byte) 0xE0;
    System.arraycopy(tail, 0, b, 4, tail.length);
    b[b.length - 2] = (byte) 0xFF;
    b[b.length - 1] = (byte) 0xD9;
    return b;
  }

  /** A store over a fresh in-memory crawl state. */
  static ImageStore images(Path dir) throws IOException {
    return new ImageStore(dir, new MemoryCrawlStore()::claimName);
  }

  private Stored save(ImageStore store, String url, byte[] body) throws IOException {
    return store.commit(stage(store, url, body), url);
  }

  private static Staged stage(ImageStore store, String url, byte[] body) throws IOException {
    return store.stage(new ByteArrayInputStream(body), url, "image/jpeg");
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(".trawl/tmp"))) {
      return s.toList();
    }
  }

  @Test
  void savedFileHasTheBytesAndNameFromTheUrl() throws IOException {
    ImageStore store = images(out);
    byte[] body = jpeg("one");
    Stored stored = save(store, "http://h/uploads/thumbMid_abc.jpg?x=1", body);
    assertThat(stored).isEqualTo(new Stored("thumbMid_abc.jpg", false));
    assertThat(out.resolve("thumbMid_abc.jpg")).hasBinaryContent(body);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void stagedBodyCarriesSizeHashAndType() throws IOException {
    ImageStore store = images(out);
    byte[] body = jpeg("hash me");
    Staged s = store.stage(new ByteArrayInputStream(body), "http://h/a.jpg", "");
    assertThat(s.bytes()).isEqualTo(body.length);
    assertThat(s.type()).isEqualTo(ImageType.JPEG);
    assertThat(s.sha256()).hasSize(64).matches("[0-9a-f]+");
    assertThat(s.temp().startsWith(out.toAbsolutePath().resolve(".trawl/tmp"))).isTrue();
  }

  @Test
  void aSmallBodyIsKeptInMemoryUntilCommittedAndALargeOneIsInItsTempFileAtOnce()
      throws IOException {
    ImageStore store = images(out);
    Staged small = store.stage(new ByteArrayInputStream(jpeg("small")), "http://h/s.jpg", "");
    assertThat(small.temp()).doesNotExist();
    byte[] large = jpeg("x".repeat(100_000));
    Staged big = store.stage(new ByteArrayInputStream(large), "http://h/b.jpg", "");
    assertThat(big.temp()).hasBinaryContent(large);
    store.commit(small, "http://h/s.jpg");
    assertThat(out.resolve("s.jpg")).hasBinaryContent(jpeg("small"));
    assertThat(small.temp()).doesNotExist();
  }

  @Test
  void aDiscardedBodyIsNeverWritten() throws IOException {
    ImageStore store = images(out);
    Staged s = store.stage(new ByteArrayInputStream(jpeg("gone")), "http://h/g.jpg", "");
    store.discard(s);
    store.write(s);
    assertThat(s.temp()).doesNotExist();
    assertThat(tempFiles()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "http://h/a.jpg,   http://cdn/b.jpg, a.jpg",
    "http://h/a/x.jpg, http://h/b/x.jpg, x.jpg" // both want the same name
  })
  void sameBytesFromTwoUrlsAreStoredOnceAndTheSecondIsADuplicate(
      String firstUrl, String secondUrl, String file) throws IOException {
    ImageStore store = images(out);
    byte[] body = jpeg("same");
    Stored first = save(store, firstUrl, body);
    Stored second = save(store, secondUrl, body);
    assertThat(first).isEqualTo(new Stored(file, false));
    assertThat(second).isEqualTo(new Stored(file, true));
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(Files::isRegularFile)).containsExactly(out.resolve(file));
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void sameBytesUnderASuffixedNameFromASecondUrlWithTheSameNameAreADuplicate() throws IOException {
    Files.write(out.resolve("pic.jpg"), jpeg("user's own file"));
    ImageStore store = images(out);
    byte[] body = jpeg("downloaded");
    Stored first = save(store, "http://one/pic.jpg", body);
    Stored second = save(store, "http://two/pic.jpg", body);
    assertThat(first.duplicate()).isFalse();
    assertThat(first.file()).startsWith("pic-");
    assertThat(second).isEqualTo(new Stored(first.file(), true));
  }

  @Test
  void theSameItemSavedAgainByTheNextRunIsSavedNotADuplicateOfItself() throws IOException {
    MemoryCrawlStore state = new MemoryCrawlStore();
    byte[] body = jpeg("same");
    // a run put the picture in place, then died before its state recorded the item
    save(new ImageStore(out, state::claimName), "http://h/a/x.jpg", body);

    ImageStore rerun = new ImageStore(out, state::claimName);
    Stored again = save(rerun, "http://h/a/x.jpg", body);
    Stored other = save(rerun, "http://h/b/x.jpg", body);

    assertThat(again).isEqualTo(new Stored("x.jpg", false));
    assertThat(other).isEqualTo(new Stored("x.jpg", true));
    assertThat(out.resolve("x.jpg")).hasBinaryContent(body);
  }

  @Test
  void anItemIsKnownByItsKeyNotByTheUrlItsBytesCameFrom() throws IOException {
    ImageStore store = images(out);
    byte[] body = jpeg("same");
    PictureInfo none = PictureInfo.NONE;
    Stored first =
        store.commit(stage(store, "http://h/a/x.jpg", body), "http://cdn/a/x.jpg", none, "k1");
    // the same item again, redirected elsewhere this time (a rerun after a crash)
    Stored again =
        store.commit(stage(store, "http://h/a/x.jpg", body), "http://cdn2/x.jpg", none, "k1");
    Stored other =
        store.commit(stage(store, "http://h/b/x.jpg", body), "http://cdn/a/x.jpg", none, "k2");

    assertThat(first).isEqualTo(new Stored("x.jpg", false));
    assertThat(again).isEqualTo(new Stored("x.jpg", false));
    assertThat(other).isEqualTo(new Stored("x.jpg", true));
  }

  @Test
  void differentBytesUnderOneNameNeverOverwriteEachOther() throws IOException {
    ImageStore store = images(out);
    byte[] a = jpeg("first picture");
    byte[] b = jpeg("second picture");
    Stored first = save(store, "http://one/pic.jpg", a);
    Stored second = save(store, "http://two/pic.jpg", b);
    assertThat(first.file()).isEqualTo("pic.jpg");
    assertThat(second.file()).isNotEqualTo("pic.jpg").startsWith("pic-").endsWith(".jpg");
    assertThat(out.resolve(first.file())).hasBinaryContent(a);
    assertThat(out.resolve(second.file())).hasBinaryContent(b);
  }

  @Test
  void collisionSuffixIsDeterministicWhateverTheOrder() throws IOException {
    Path other = Files.createDirectory(out.resolve("other"));
    ImageStore one = images(out.resolve("one"));
    ImageStore two = images(other);
    byte[] a = jpeg("a");
    byte[] b = jpeg("b");
    save(one, "http://x/p.jpg", a);
    String bName = save(one, "http://y/p.jpg", b).file();
    save(two, "http://y/p.jpg", b);
    String aName = save(two, "http://x/p.jpg", a).file();
    assertThat(bName).isEqualTo(ImageNamer.withHashSuffix("p.jpg", sha(b)));
    assertThat(aName).isEqualTo(ImageNamer.withHashSuffix("p.jpg", sha(a)));
  }

  @Test
  void existingFileWithOtherBytesIsKeptAndTheNewOneSuffixed() throws IOException {
    Files.write(out.resolve("pic.jpg"), jpeg("user's own file"));
    ImageStore store = images(out);
    Stored s = save(store, "http://h/pic.jpg", jpeg("downloaded"));
    assertThat(s.file()).isNotEqualTo("pic.jpg");
    assertThat(out.resolve("pic.jpg")).hasBinaryContent(jpeg("user's own file"));
  }

  @Test
  void existingFileWithTheSameBytesIsAdoptedNotDuplicated() throws IOException {
    byte[] body = jpeg("from an earlier run");
    Files.write(out.resolve("pic.jpg"), body);
    ImageStore store = images(out);
    Stored s = save(store, "http://h/pic.jpg", body);
    assertThat(s).isEqualTo(new Stored("pic.jpg", false));
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void htmlErrorPageIsNotAnImageAndLeavesNothing() throws IOException {
    ImageStore store = images(out);
    byte[] html = "<!DOCTYPE html><html><body>404</body></html>".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> store.stage(new ByteArrayInputStream(html), "http://h/a.jpg", "text/html"))
        .isInstanceOf(NotAnImageException.class)
        .hasMessageContaining("text/html")
        .hasMessageContaining("http://h/a.jpg");
    assertThat(tempFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {600, 200_000})
  void bodyThatFailsMidwayLeavesNoTempFile(int failAt) throws IOException {
    ImageStore store = images(out);
    byte[] head = jpeg("x".repeat(failAt));
    InputStream broken =
        new InputStream() {
          int i;

          @Override
          public int read() throws IOException {
            if (i < failAt) {
              return head[i++] & 0xFF;
            }
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> store.stage(broken, "http://h/a.jpg", "image/jpeg"))
        .hasMessage("connection reset");
    assertThat(tempFiles()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_536 - 6, 65_536 - 5, 65_536, 300_000})
  void bodiesOfAnySizeAreSavedWholeWithTheirHash(int filler) throws IOException {
    ImageStore store = images(out);
    byte[] body = jpeg("y".repeat(filler));
    Staged s = store.stage(new ByteArrayInputStream(body), "http://h/a.jpg", "image/jpeg");
    assertThat(s.bytes()).isEqualTo(body.length);
    assertThat(s.sha256()).isEqualTo(sha(body));
    assertThat(store.commit(s, "http://h/a.jpg").file()).isEqualTo("a.jpg");
    assertThat(out.resolve("a.jpg")).hasBinaryContent(body);
  }

  @Test
  void leftoverTempFilesOfAKilledRunAreDeletedOnOpen() throws IOException {
    Path tmp = Files.createDirectories(out.resolve(".trawl/tmp"));
    Files.write(tmp.resolve("dead.part"), jpeg("half"));
    images(out);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void unwritableOutDirIsRefusedAtOpen() throws IOException {
    Path file = Files.writeString(out.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> images(file)).isInstanceOf(IOException.class);
  }

  @Test
  void traversalInTheUrlStaysInsideTheOutDir() throws IOException {
    ImageStore store = images(out.resolve("inner"));
    Stored s = save(store, "http://h/..%2f..%2fescape.jpg", jpeg("evil"));
    assertThat(out.resolve("inner").resolve(s.file()).normalize()).startsWith(out.resolve("inner"));
    assertThat(out.resolve("escape.jpg")).doesNotExist();
  }

  @Test
  void concurrentSavesOfTheSameBytesKeepOneFile() throws Exception {
    ImageStore store = images(out);
    byte[] body = jpeg("raced");
    List<Callable<Stored>> jobs = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String url = "http://h" + i + "/pic" + i + ".jpg";
      jobs.add(() -> save(store, url, body));
    }
    List<Stored> results = new ArrayList<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Stored> f : ex.invokeAll(jobs)) {
        results.add(f.get());
      }
    }
    assertThat(results).filteredOn(s -> !s.duplicate()).hasSize(1);
    assertThat(results).extracting(Stored::file).containsOnly(results.get(0).file());
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
  }

  private static String sha(byte[] b) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }
}
