package dev.trawl.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A Firefox-shaped profile for tests: {@code ROOT/profiles.ini} naming a profile dir whose {@code
 * cookies.sqlite} has Firefox's {@code moz_cookies} table (schema 17: expiry in milliseconds).
 */
public final class FirefoxProfile implements AutoCloseable {
  private final Path dir;
  private final Connection db;

  private FirefoxProfile(Path dir, Connection db) {
    this.dir = dir;
    this.db = db;
  }

  /**
   * Makes {@code root/DIRNAME} listed in {@code root/profiles.ini} as {@code name}. The database
   * stays open in WAL mode until {@link #close()}, as while Firefox runs.
   */
  public static FirefoxProfile create(Path root, String dirName, String name, int schema)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(dirName));
    Path ini = root.resolve("profiles.ini");
    String previous = Files.exists(ini) ? Files.readString(ini, StandardCharsets.UTF_8) : "";
    int n = previous.split("\\[Profile", -1).length - 1;
    Files.writeString(
        ini,
        previous + "[Profile" + n + "]\nName=" + name + "\nIsRelative=1\nPath=" + dirName + "\n\n",
        StandardCharsets.UTF_8);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cookies.sqlite"));
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA wal_autocheckpoint=0");
      st.execute(
          "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL"
              + " DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER,"
              + " lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER, isHttpOnly"
              + " INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0,"
              + " schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0,"
              + " CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes))");
      st.execute("PRAGMA user_version = " + schema);
    }
    return new FirefoxProfile(dir, c);
  }

  public Path dir() {
    return dir;
  }

  /** Adds a cookie; {@code expiry} in the schema's unit (ms from schema 16), 0 for a session. */
  public FirefoxProfile cookie(
      String host, String path, boolean secure, long expiry, String name, String value)
      throws Exception {
    return cookie(host, path, secure, expiry, name, value, "");
  }

  public FirefoxProfile cookie(
      String host,
      String path,
      boolean secure,
      long expiry,
      String name,
      String value,
      String originAttributes)
      throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO moz_cookies (originAttributes, name, value, host, path, expiry,"
                + " lastAccessed, creationTime, isSecure, isHttpOnly) VALUES (?,?,?,?,?,?,0,0,?,1)")) {
      ps.setString(1, originAttributes);
      ps.setString(2, name);
      ps.setString(3, value);
      ps.setString(4, host);
      ps.setString(5, path);
      ps.setLong(6, expiry);
      ps.setInt(7, secure ? 1 : 0);
      ps.executeUpdate();
    }
    return this;
  }

  @Override
  public void close() throws Exception {
    db.close();
  }
}
