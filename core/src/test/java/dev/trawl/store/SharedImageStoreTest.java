package dev.trawl.store;

import static dev.trawl.store.ImageStoreTest.jpeg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.MemoryCrawlStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers' out dirs over one index: a picture whose writer died after putting it in place but
 * before recording it is found, not copied; one that never reached the disk is written again.
 */
class SharedImageStoreTest {
  @TempDir Path tmp;

  /** One index for both workers; {@code elsewhere} looks in the other worker's dir. */
  static ContentIndex sharedWith(ContentIndex index, Path otherDir) {
    return new ContentIndex() {
      @Override
      public Optional<Holder> claimName(String sha256, String file, String item) {
        return index.claimName(sha256, file, item);
      }

      @Override
      public Optional<Path> elsewhere(String file) {
        return Optional.of(otherDir.resolve(file));
      }
    };
  }

  Stored save(ImageStore store, String url, byte[] body) throws IOException {
    return store.commit(store.stage(new ByteArrayInputStream(body), url, "image/jpeg"), url);
  }

  @Test
  void aPictureADeadWorkerPutInPlaceIsAdoptedWhereItIs() throws IOException {
    ContentIndex index = new MemoryCrawlStore()::claimName;
    Path dead = tmp.resolve("dead");
    Path alive = tmp.resolve("alive");
    byte[] body = jpeg("picture");
    // The dead worker saved it, then died before its state recorded the item.
    save(new ImageStore(dead, index), "http://h/thumbMid_a.jpg", body);

    Stored again =
        save(new ImageStore(alive, sharedWith(index, dead)), "http://h/thumbMid_a.jpg", body);

    assertThat(again).isEqualTo(new Stored("thumbMid_a.jpg", false));
    assertThat(dead.resolve("thumbMid_a.jpg")).hasBinaryContent(body);
    assertThat(alive.resolve("thumbMid_a.jpg")).doesNotExist();
  }

  @Test
  void aPictureRecordedButNeverWrittenIsWrittenByTheNextWorker() throws IOException {
    ContentIndex index = new MemoryCrawlStore()::claimName;
    Path dead = tmp.resolve("dead");
    Path alive = tmp.resolve("alive");
    byte[] body = jpeg("picture");
    ImageStore first = new ImageStore(dead, index);
    Staged staged = first.stage(new ByteArrayInputStream(body), "u", "image/jpeg");
    // The dead worker claimed the name for the bytes, then died before linking.
    index.claimName(staged.sha256(), "thumbMid_a.jpg", "http://h/thumbMid_a.jpg");

    Stored again =
        save(new ImageStore(alive, sharedWith(index, dead)), "http://h/thumbMid_a.jpg", body);

    assertThat(again).isEqualTo(new Stored("thumbMid_a.jpg", false));
    assertThat(alive.resolve("thumbMid_a.jpg")).hasBinaryContent(body);
    assertThat(Files.exists(dead.resolve("thumbMid_a.jpg"))).isFalse();
  }
}
