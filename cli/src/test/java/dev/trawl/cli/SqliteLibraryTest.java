package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteLibraryTest {
  @AfterEach
  void forget() {
    System.clearProperty("org.sqlite.lib.path");
    System.clearProperty("org.sqlite.lib.name");
  }

  @Test
  void theNativeLibraryIsExtractedOnceAndSqliteJdbcIsPointedAtIt(@TempDir Path dir)
      throws Exception {
    SqliteLibrary.useExtracted(dir);

    Path lib =
        Path.of(
            System.getProperty("org.sqlite.lib.path"), System.getProperty("org.sqlite.lib.name"));
    assertThat(lib).startsWith(dir);
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      assertThat(Files.readAllBytes(lib)).isEqualTo(in.readAllBytes());
    }
    FileTime extracted = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(lib, extracted);

    forget();
    SqliteLibrary.useExtracted(dir);

    assertThat(Files.getLastModifiedTime(lib)).isEqualTo(extracted);
    assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(lib.getParent().toString());
    try (var files = Files.list(lib.getParent())) {
      assertThat(files).containsExactly(lib);
    }
  }

  @Test
  void aPathTheUserSetIsLeftAlone(@TempDir Path dir) {
    System.setProperty("org.sqlite.lib.path", "/opt/sqlite");

    SqliteLibrary.useExtracted(dir);

    assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo("/opt/sqlite");
    assertThat(dir).isEmptyDirectory();
  }
}
