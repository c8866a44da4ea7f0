package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class UnnamedFilesTest {
  @TempDir Path dir;
  UnnamedFiles files;

  /** Whether unnamed files can be made in {@code dir} by this JVM (for tests in other packages). */
  public static boolean madeIn(Path dir) {
    return UnnamedFiles.open(dir) != null;
  }

  @BeforeEach
  void open() {
    files = UnnamedFiles.open(dir);
    // Linux with ext4 or tmpfs under the tests, JDK 22+ with native access: always here
    assertThat(files != null).isEqualTo(NativeLibrary.usable());
  }

  List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aWrittenFileGetsItsNameWithItsBytesAndTheModeANamedFileGets() throws IOException {
    byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII); // several buffers
    int fd = files.create();
    try {
      files.write(fd, body);
      files.sync(fd);
      assertThat(listing()).isEmpty();
      assertThat(files.link(fd, dir.resolve("a.jpg"))).isTrue();
    } finally {
      files.close(fd);
    }
    assertThat(dir.resolve("a.jpg")).hasBinaryContent(body);
    Path named = Files.write(dir.resolve("named"), body);
    assertThat(Files.getPosixFilePermissions(dir.resolve("a.jpg")))
        .isEqualTo(Files.getPosixFilePermissions(named));
  }

  @Test
  void aTakenNameIsNeverReplaced() throws IOException {
    Files.writeString(dir.resolve("a.jpg"), "someone else's");
    Files.createSymbolicLink(dir.resolve("dangling.jpg"), dir.resolve("nowhere"));
    int fd = files.create();
    try {
      files.write(fd, new byte[] {1, 2, 3});
      assertThat(files.link(fd, dir.resolve("a.jpg"))).isFalse();
      assertThat(files.link(fd, dir.resolve("dangling.jpg"))).isFalse();
    } finally {
      files.close(fd);
    }
    assertThat(dir.resolve("a.jpg")).hasContent("someone else's");
    assertThat(dir.resolve("nowhere")).doesNotExist();
    assertThat(listing()).hasSize(2);
  }

  @Test
  void aFileClosedWithoutANameLeavesNothing() throws IOException {
    int fd = files.create();
    files.write(fd, new byte[] {1, 2, 3});
    files.close(fd);
    assertThat(listing()).isEmpty();
  }

  @Test
  void aNameThatCannotBeMadeFailsNamingTheFileAndTheReason() throws IOException {
    Path target = dir.resolve("missing-folder/a.jpg");
    int fd = files.create();
    try {
      assertThatThrownBy(() -> files.link(fd, target))
          .isInstanceOf(FileSystemException.class)
          .hasMessage(target + ": linkat: No such file or directory");
    } finally {
      files.close(fd);
    }
  }

  @Test
  void noUnnamedFilesInADirectoryThatIsNotThere() {
    assertThat(UnnamedFiles.open(dir.resolve("gone"))).isNull();
  }
}
