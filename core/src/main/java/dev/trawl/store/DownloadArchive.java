package dev.trawl.store;

import dev.trawl.frontier.StateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A download archive shared across out dirs and runs (gallery-dl's {@code --download-archive}): the
 * image URL keys and content hashes already downloaded, in a small SQLite file. An image whose key
 * or hash is recorded is skipped.
 *
 * <p>Thread-safe. Several processes may use the same file at once: SQLite's own locking serialises
 * them (a writer waits up to 30 s for another); no lock is held between calls.
 */
public final class DownloadArchive implements AutoCloseable {
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.UTF_8);

  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final PreparedStatement hasUrl;
  private final PreparedStatement hasHash;
  private final PreparedStatement recordUrl;
  private final PreparedStatement recordHash;
  private boolean closed;

  private DownloadArchive(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.hasUrl = connection.prepareStatement("SELECT 1 FROM urls WHERE key = ?");
    this.hasHash = connection.prepareStatement("SELECT 1 FROM hashes WHERE sha256 = ?");
    this.recordUrl =
        connection.prepareStatement("INSERT INTO urls (key) VALUES (?) ON CONFLICT DO NOTHING");
    this.recordHash =
        connection.prepareStatement(
            "INSERT INTO hashes (sha256) VALUES (?) ON CONFLICT DO NOTHING");
  }

  /**
   * Opens the archive in {@code file}, creating it (and its parent dirs) when absent.
   *
   * @throws StateException when the file is not a SQLite archive or cannot be read
   */
  public static DownloadArchive open(Path file) {
    Objects.requireNonNull(file, "file");
    Connection c = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      checkHeader(file);
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(30_000);
      c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS urls (key TEXT PRIMARY KEY)");
        st.execute("CREATE TABLE IF NOT EXISTS hashes (sha256 TEXT PRIMARY KEY)");
      }
      c.setAutoCommit(false);
      return new DownloadArchive(file, c);
    } catch (IOException | SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // already failing
        }
      }
      throw new StateException(
          "cannot open the download archive " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkHeader(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SQLITE_HEADER.length);
      if (head.length > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
        throw new StateException(file + " is not a download archive (not SQLite)");
      }
    } catch (NoSuchFileException e) {
      // a new archive
    }
  }

  /** True when an image with this URL key was recorded. */
  public boolean hasUrl(String key) {
    Objects.requireNonNull(key, "key");
    return exists(hasUrl, key);
  }

  /** True when an image with these bytes was recorded. */
  public boolean hasHash(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    return exists(hasHash, sha256);
  }

  /**
   * Records a downloaded image, durably before returning.
   *
   * @param sha256 its content hash, or null to record only the key
   */
  public void record(String key, String sha256) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      checkOpen();
      recordUrl.setString(1, key);
      recordUrl.executeUpdate();
      if (sha256 != null) {
        recordHash.setString(1, sha256);
        recordHash.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw failure(e);
    } finally {
      lock.unlock();
    }
  }

  private boolean exists(PreparedStatement ps, String value) {
    lock.lock();
    try {
      checkOpen();
      ps.setString(1, value);
      boolean found;
      try (ResultSet rs = ps.executeQuery()) {
        found = rs.next();
      }
      connection.commit(); // ends the read transaction, so other processes' writes show
      return found;
    } catch (SQLException e) {
      rollbackQuietly();
      throw failure(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("download archive is closed: " + file);
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private StateException failure(SQLException e) {
    return new StateException("cannot use the download archive " + file + ": " + e.getMessage(), e);
  }
}
