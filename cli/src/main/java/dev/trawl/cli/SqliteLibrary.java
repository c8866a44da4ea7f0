package dev.trawl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc copies its native library out of the jar into the temp dir on every start (about 35
 * ms per command). The launcher names a directory ({@code -Dtrawl.native=DIR}) where the library is
 * extracted once per sqlite-jdbc version and loaded from then on. Anything amiss leaves sqlite-jdbc
 * to its own way.
 */
final class SqliteLibrary {
  private SqliteLibrary() {}

  /** Points sqlite-jdbc at its library under {@code dir}, extracting it first when missing. */
  static void useExtracted(Path dir) {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return; // the user's choice
    }
    String name = LibraryLoaderUtil.getNativeLibName();
    String inJar =
        LibraryLoaderUtil.getNativeLibResourcePath(); // "/org/sqlite/native/Linux/x86_64"
    String resource = inJar + "/" + name;
    Path folder = dir.resolve(SQLiteJDBCLoader.getVersion() + inJar).normalize();
    Path lib = folder.resolve(name);
    try {
      if (!Files.isRegularFile(lib)) {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
          if (in == null) {
            return; // no library for this platform in the jar: sqlite-jdbc will say so
          }
          Files.createDirectories(folder);
          Path part = Files.createTempFile(folder, name, ".part");
          try {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(part);
          }
        }
      }
    } catch (IOException e) {
      return; // a read-only or full disk: sqlite-jdbc extracts to the temp dir as before
    }
    System.setProperty("org.sqlite.lib.path", folder.toString());
    System.setProperty("org.sqlite.lib.name", name);
  }
}
