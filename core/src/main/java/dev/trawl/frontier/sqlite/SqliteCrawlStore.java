package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.StateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The crawl state in {@code stateDir/state.db}, an embedded SQLite database in WAL mode.
 *
 * <p>One writer thread applies writes in group commits: {@link #finish} queues and returns at once;
 * {@link #add}, {@link #claim}, {@link #claimName} and the other writes wait for the commit of the
 * batch holding them. Reads see the caller's own writes, finishes included: {@link #find}, {@link
 * #counts}, {@link #countsByLevel} and {@link #hasOpenWork} run on the writer thread, the other
 * reads on their own connection once every write queued before them is committed. {@link #forEach}
 * streams from a connection of its own, and its action may call the store.
 *
 * <p>Leases live in memory, not in the rows ({@link Leases}): a leased entry's row says QUEUED to
 * any other reader of the file while this store is open, and a claim writes nothing. {@link #close}
 * writes the leases still held to their rows; a killed process loses them, and its entries are
 * queued for the next run.
 *
 * <p>Commits use {@code synchronous=NORMAL}: a committed write survives a killed process; a power
 * cut may lose the last commits, never corrupt the file. A failed write (full disk, I/O error)
 * breaks the store: that call and every later one throws {@link StateException}.
 *
 * <p>One crawl per state dir: {@link #open} takes an exclusive lock on {@code stateDir/lock} that
 * {@link #close} releases.
 */
public final class SqliteCrawlStore implements CrawlStore {
  // Reads over a kind's rows say NOT INDEXED: a scan in id order beats the (kind, key) index, which
  // reads the rows out of order and then sorts them (no index by status since schema 4).
  private static final String ITEM_COLUMNS =
      "id, kind, key, url, page, meta, status, final_url, file, bytes, sha256, content_type,"
          + " reason, attempts, updated_at, etag, last_modified, level";
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.UTF_8);

  private final Path file;
  private final String shown;
  private final Clock clock;
  private final StateLock stateLock;
  private final Connection writeConnection;
  private final CommitQueue writer;
  private final Leases leases;
  private final ReentrantLock readLock = new ReentrantLock();
  private final Connection readConnection;
  private final ReentrantLock closeLock = new ReentrantLock();
  private boolean closed;

  private SqliteCrawlStore(
      Path file,
      String shown,
      Clock clock,
      StateLock stateLock,
      Connection writeConnection,
      Connection readConnection,
      Leases leases) {
    this.file = file;
    this.shown = shown;
    this.clock = clock;
    this.stateLock = stateLock;
    this.writeConnection = writeConnection;
    this.readConnection = readConnection;
    this.leases = leases;
    this.writer = new CommitQueue(writeConnection, file.toString());
  }

  /**
   * Opens (creating it when absent) the state in {@code stateDir/state.db} and locks the dir.
   *
   * @throws StateException when another trawl holds the dir, the database was written by a newer
   *     trawl, or the file is not a readable SQLite database
   */
  public static SqliteCrawlStore open(Path stateDir) {
    return open(stateDir, Clock.systemUTC());
  }

  static SqliteCrawlStore open(Path stateDir, Clock clock) {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(clock, "clock");
    // the engine passes OUT/.trawl; the user thinks of OUT
    Path name = stateDir.getFileName();
    String shown =
        name != null && name.toString().equals(".trawl") && stateDir.getParent() != null
            ? stateDir.getParent().toString()
            : stateDir.toString();
    // Nothing inside the out dir is opened through a link: not the dir, not the database files.
    for (Path p :
        List.of(
            stateDir,
            stateDir.resolve("state.db"),
            stateDir.resolve("state.db-wal"),
            stateDir.resolve("state.db-shm"),
            stateDir.resolve("state.db-journal"))) {
      if (Files.isSymbolicLink(p)) {
        throw StateErrors.link(p);
      }
    }
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new StateException("cannot create the state dir " + stateDir + ": " + e, e);
    }
    Path file = stateDir.resolve("state.db");
    StateLock lock = StateLock.take(stateDir, shown);
    Connection write = null;
    Connection read = null;
    try {
      checkHeader(file);
      write = connect(file);
      checkIntact(write, file);
      write.setAutoCommit(false);
      Schema.migrate(write, shown);
      Leases leases = Leases.load(write);
      read = connect(file);
      return new SqliteCrawlStore(file, shown, clock, lock, write, read, leases);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(read);
      closeQuietly(write);
      lock.close();
      throw StateErrors.of("cannot read the crawl state", file, e);
    }
  }

  /**
   * Refuses a damaged database before anything is written to it (a run row, a manifest): SQLite's
   * quick_check reads every page once: 0.05 s CPU for 100,000 items (docs/benchmarks.md).
   */
  private static void checkIntact(Connection c, Path file) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
      String verdict = rs.next() ? rs.getString(1) : "no answer to quick_check";
      if (!"ok".equals(verdict)) {
        throw StateErrors.corrupt(file, verdict, null);
      }
    }
  }

  private static void checkHeader(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SQLITE_HEADER.length);
      if (head.length > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
        throw new StateException(file + " is not a trawl state database (not SQLite)");
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // a new state
    } catch (IOException e) {
      throw new StateException("cannot read the crawl state " + file + ": " + e, e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    config.setCacheSize(-16_384); // 16 MiB of page cache, outside the Java heap
    // No statement asks for generated keys: sqlite-jdbc then skips its last_insert_rowid() lookup
    // after every insert (xerial/sqlite-jdbc#1135).
    config.setGetGeneratedKeys(false);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  // ---- runs

  @Override
  public long beginRun(String worker, String description) {
    Objects.requireNonNull(worker, "worker");
    long now = now();
    return writer.submit(
        tx -> {
          PreparedStatement ps =
              tx.sql("INSERT INTO runs (worker, started, description) VALUES (?, ?, ?)");
          ps.setString(1, worker);
          ps.setLong(2, now);
          ps.setString(3, description);
          ps.executeUpdate();
          try (ResultSet rs = tx.sql("SELECT MAX(id) FROM runs").executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public void endRun(long run) {
    long now = now();
    int n =
        writer.submit(
            tx -> {
              PreparedStatement ps = tx.sql("UPDATE runs SET ended = ? WHERE id = ?");
              ps.setLong(1, now);
              ps.setLong(2, run);
              return ps.executeUpdate();
            });
    if (n == 0) {
      throw new IllegalArgumentException("no such run: " + run);
    }
  }

  @Override
  public List<Run> runs() {
    return read(
        c -> {
          List<Run> runs = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT id, worker, started, ended, description FROM runs ORDER BY id")) {
            while (rs.next()) {
              long ended = rs.getLong(4);
              Instant end = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
              runs.add(
                  new Run(
                      rs.getLong(1),
                      rs.getString(2),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      end,
                      rs.getString(5)));
            }
          }
          return runs;
        });
  }

  // ---- the frontier

  @Override
  public boolean[] add(List<Entry> entries) {
    for (Entry e : entries) {
      Objects.requireNonNull(e, "entry");
      Objects.requireNonNull(e.kind(), "kind");
      Objects.requireNonNull(e.key(), "key");
      Objects.requireNonNull(e.url(), "url");
    }
    if (entries.isEmpty()) {
      return new boolean[0];
    }
    List<Entry> copy = List.copyOf(entries);
    long now = now();
    return writer.submit(
        tx -> {
          PreparedStatement ps =
              tx.sql(
                  "INSERT INTO items (kind, key, url, page, meta, level, status, attempts,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?)"
                      + " ON CONFLICT (kind, key) DO NOTHING");
          boolean[] added = new boolean[copy.size()];
          for (int i = 0; i < added.length; i++) {
            Entry e = copy.get(i);
            ps.setString(1, e.kind().name());
            ps.setString(2, e.key());
            ps.setString(3, e.url());
            ps.setString(4, e.page());
            ps.setString(5, e.meta());
            ps.setInt(6, e.level());
            ps.setLong(7, now);
            added[i] = ps.executeUpdate() == 1;
          }
          return added;
        });
  }

  @Override
  public List<Claim> claim(String worker, int max, Duration lease) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      throw new IllegalArgumentException("max < 1: " + max);
    }
    checkLease(lease);
    return writer.submit(
        tx -> {
          long now = now();
          leases.releaseExpired(now); // an expired lease counts as queued
          List<Claim> claims = new ArrayList<>();
          for (Kind kind : Kind.values()) {
            claimQueued(tx, kind, max, worker, now + lease.toMillis(), claims);
          }
          return claims;
        });
  }

  /**
   * Leases queued entries of {@code kind}, oldest first, into {@code claims} until it holds {@code
   * max}. Reads on from where the last claim stopped, past the entries leased since.
   */
  private void claimQueued(
      CommitQueue.Tx tx, Kind kind, int max, String worker, long until, List<Claim> claims)
      throws SQLException {
    PreparedStatement ps =
        tx.sql(
            "SELECT id, key, url, page, meta, attempts, level FROM items"
                + " WHERE status = 'QUEUED' AND kind = ? AND id > ? ORDER BY id LIMIT ?");
    while (claims.size() < max) {
      int wanted = max - claims.size();
      ps.setString(1, kind.name());
      ps.setLong(2, leases.claimedUpTo(kind));
      ps.setInt(3, wanted);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          long id = rs.getLong(1);
          leases.passed(kind, id);
          if (!leases.holds(id)) {
            int level = rs.getInt(7);
            leases.lease(id, kind, level, worker, until);
            claims.add(
                new Claim(
                    id,
                    kind,
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getInt(6),
                    level));
          }
        }
      }
      if (rows < wanted) {
        return;
      }
    }
  }

  @Override
  public void renew(String worker, Duration lease) {
    Objects.requireNonNull(worker, "worker");
    checkLease(lease);
    writer.submit(
        tx -> {
          leases.renew(worker, now() + lease.toMillis());
          return null;
        });
  }

  @Override
  public void finish(List<Result> results) {
    results.forEach(r -> Objects.requireNonNull(r, "result"));
    if (results.isEmpty()) {
      return;
    }
    List<Result> copy = List.copyOf(results);
    long now = now();
    writer.post(
        tx -> {
          PreparedStatement ps =
              tx.sql(
                  "UPDATE items SET status = ?, final_url = ?, file = ?, bytes = ?, sha256 = ?,"
                      + " content_type = ?, reason = ?, attempts = ?, updated_at = ?,"
                      + " meta = COALESCE(?, meta), etag = COALESCE(?, etag),"
                      + " last_modified = COALESCE(?, last_modified)"
                      + " WHERE id = ? AND status = 'QUEUED'");
          for (Result r : copy) {
            ps.setString(1, r.status().name());
            ps.setString(2, r.finalUrl());
            ps.setString(3, r.file());
            ps.setLong(4, r.bytes());
            ps.setString(5, r.sha256());
            ps.setString(6, r.contentType());
            ps.setString(7, r.reason());
            ps.setInt(8, r.attempts());
            ps.setLong(9, r.at() != null ? r.at().toEpochMilli() : now);
            ps.setString(10, r.meta());
            ps.setString(11, r.etag());
            ps.setString(12, r.lastModified());
            ps.setLong(13, r.id());
            ps.executeUpdate();
            leases.end(r.id());
          }
          return null;
        });
  }

  @Override
  public void flush() {
    writer.sync();
  }

  @Override
  public int releaseLeases(boolean all) {
    return writer.submit(tx -> all ? leases.releaseAll() : leases.releaseExpired(now()));
  }

  @Override
  public int requeue(Kind kind, Status status, String reason) {
    Objects.requireNonNull(kind, "kind");
    if (!status.isFinal()) {
      throw new IllegalArgumentException("not a final status: " + status);
    }
    long now = now();
    return writer.submit(
        tx -> {
          String sql =
              "UPDATE items SET status = 'QUEUED', updated_at = ? WHERE kind = ? AND status = ?";
          PreparedStatement ps = tx.sql(reason == null ? sql : sql + " AND reason = ?");
          ps.setLong(1, now);
          ps.setString(2, kind.name());
          ps.setString(3, status.name());
          if (reason != null) {
            ps.setString(4, reason);
          }
          int n = ps.executeUpdate();
          if (n > 0) {
            leases.rewind();
          }
          return n;
        });
  }

  @Override
  public int requeue(List<Long> ids) {
    ids.forEach(id -> Objects.requireNonNull(id, "id"));
    if (ids.isEmpty()) {
      return 0;
    }
    List<Long> copy = List.copyOf(ids);
    long now = now();
    return writer.submit(
        tx -> {
          PreparedStatement ps =
              tx.sql(
                  "UPDATE items SET status = 'QUEUED', updated_at = ? WHERE id = ?"
                      + " AND status NOT IN ('QUEUED', 'LEASED')");
          int n = 0;
          for (long id : copy) {
            ps.setLong(1, now);
            ps.setLong(2, id);
            n += ps.executeUpdate();
          }
          if (n > 0) {
            leases.rewind();
          }
          return n;
        });
  }

  // ---- reads

  @Override
  public boolean hasOpenWork() {
    return writer.submit(
        tx -> {
          // every leased entry's row is QUEUED: more QUEUED rows than leases means one is free
          PreparedStatement ps =
              tx.sql("SELECT COUNT(*) FROM (SELECT 1 FROM items WHERE status = 'QUEUED' LIMIT ?)");
          ps.setInt(1, leases.size() + 1);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > leases.size()) {
              return true;
            }
          }
          return leases.anyLasting(now());
        });
  }

  @Override
  public Optional<Item> find(Kind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    return writer.submit(
        tx -> {
          PreparedStatement ps =
              tx.sql("SELECT " + ITEM_COLUMNS + " FROM items WHERE kind = ? AND key = ?");
          ps.setString(1, kind.name());
          ps.setString(2, key);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(item(rs)) : Optional.<Item>empty();
          }
        });
  }

  @Override
  public void forEach(Kind kind, Status status, Consumer<Item> action) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(action, "action");
    writer.sync();
    checkOpen();
    // a connection of its own: the rows stream, and the action may use the store meanwhile
    try (Connection c = connect(file);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + ITEM_COLUMNS
                    + " FROM items NOT INDEXED WHERE kind = ?"
                    + (status == null ? "" : " AND status = ?")
                    + " ORDER BY id")) {
      ps.setString(1, kind.name());
      if (status != null) {
        // a leased entry's row is QUEUED
        ps.setString(2, status == Status.LEASED ? Status.QUEUED.name() : status.name());
      }
      ps.setFetchSize(256);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Item item = item(rs);
          if (status == null || item.status() == status) {
            action.accept(item);
          }
        }
      }
    } catch (SQLException e) {
      throw StateErrors.of("cannot read the crawl state", file, e);
    }
  }

  @Override
  public Map<Integer, Map<Status, Long>> countsByLevel(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    return writer.submit(
        tx -> {
          Map<Integer, Map<Status, Long>> counts = new TreeMap<>();
          PreparedStatement ps =
              tx.sql(
                  "SELECT level, status, COUNT(*) FROM items NOT INDEXED WHERE kind = ?"
                      + " GROUP BY level, status");
          ps.setString(1, kind.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts
                  .computeIfAbsent(rs.getInt(1), l -> new EnumMap<>(Status.class))
                  .put(Status.valueOf(rs.getString(2)), rs.getLong(3));
            }
          }
          leases.countLeased(kind, counts::get);
          return counts;
        });
  }

  @Override
  public Map<Status, Long> counts(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    return writer.submit(
        tx -> {
          Map<Status, Long> counts = new EnumMap<>(Status.class);
          PreparedStatement ps =
              tx.sql(
                  "SELECT status, COUNT(*) FROM items NOT INDEXED WHERE kind = ? GROUP BY status");
          ps.setString(1, kind.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2));
            }
          }
          leases.countLeased(kind, level -> counts);
          return counts;
        });
  }

  @Override
  public Map<String, Long> failureReasons(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    return read(
        c -> {
          Map<String, Long> reasons = new TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT reason, COUNT(*) FROM items NOT INDEXED"
                      + " WHERE kind = ? AND status = 'FAILED' GROUP BY reason")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String reason = rs.getString(1);
                reasons.merge(reason != null ? reason : UNKNOWN_REASON, rs.getLong(2), Long::sum);
              }
            }
          }
          return reasons;
        });
  }

  // ---- dedup and names

  @Override
  public Optional<Holder> claimName(String sha256, String file, String item) {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(item, "item");
    return writer.submit(tx -> claimName(tx, sha256, file, item));
  }

  /** All claims in one writer batch: one commit, one wait. */
  @Override
  public List<Optional<Holder>> claimNames(List<NameClaim> claims) {
    claims.forEach(
        c -> {
          Objects.requireNonNull(c, "claim");
          Objects.requireNonNull(c.item(), "item");
        });
    List<NameClaim> copy = List.copyOf(claims);
    return writer.submit(
        tx -> {
          List<Optional<Holder>> holders = new ArrayList<>(copy.size());
          for (NameClaim c : copy) {
            holders.add(claimName(tx, c.sha256(), c.file(), c.item()));
          }
          return holders;
        });
  }

  private static Optional<Holder> claimName(
      CommitQueue.Tx tx, String sha256, String file, String item) throws SQLException {
    PreparedStatement select = tx.sql("SELECT file, item FROM contents WHERE sha256 = ?");
    select.setString(1, sha256);
    Holder held = null;
    try (ResultSet rs = select.executeQuery()) {
      if (rs.next()) {
        held = new Holder(rs.getString(1), rs.getString(2));
      }
    }
    if (held == null) {
      return placeContent(tx, sha256, file, item);
    }
    if (held.item() == null) {
      // bytes an older trawl placed for no recorded image: the first image to claim them has them
      PreparedStatement adopt = tx.sql("UPDATE contents SET item = ? WHERE sha256 = ?");
      adopt.setString(1, item);
      adopt.setString(2, sha256);
      adopt.executeUpdate();
      held = new Holder(held.file(), item);
    }
    return Optional.of(held);
  }

  /** Reserves {@code file} for new bytes; empty when other bytes hold the name. */
  private static Optional<Holder> placeContent(
      CommitQueue.Tx tx, String sha256, String file, String item) throws SQLException {
    PreparedStatement name =
        tx.sql("INSERT INTO names (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
    name.setString(1, file.toLowerCase(Locale.ROOT));
    if (name.executeUpdate() == 0) {
      return Optional.empty();
    }
    PreparedStatement content =
        tx.sql("INSERT INTO contents (sha256, file, item) VALUES (?, ?, ?)");
    content.setString(1, sha256);
    content.setString(2, file);
    content.setString(3, item);
    content.executeUpdate();
    return Optional.of(new Holder(file, item));
  }

  /** Applies everything queued, then closes the database and releases the state dir. */
  @Override
  public void close() {
    closeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closeLock.unlock();
    }
    try {
      writer.post(leases::keep);
    } catch (StateException e) {
      // a broken store writes nothing more; the call that broke it has thrown
    }
    try {
      writer.close();
    } finally {
      readLock.lock();
      try {
        closeQuietly(readConnection);
      } finally {
        readLock.unlock();
      }
      closeQuietly(writeConnection);
      stateLock.close();
    }
  }

  /** For tests: lets the database grow by only {@code pages} more pages, as a full disk would. */
  void limitGrowth(int pages) {
    writer.submit(
        tx -> {
          try (Statement st = tx.connection().createStatement()) {
            long count;
            try (ResultSet rs = st.executeQuery("PRAGMA page_count")) {
              rs.next();
              count = rs.getLong(1);
            }
            st.execute("PRAGMA max_page_count = " + (count + pages));
          }
          return null;
        });
  }

  @Override
  public String toString() {
    return "SqliteCrawlStore[" + shown + "]";
  }

  // ---- plumbing

  private interface Read<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code read} on the read connection once every write queued so far is committed. */
  private <T> T read(Read<T> read) {
    writer.sync();
    readLock.lock();
    try {
      checkOpen();
      return read.apply(readConnection);
    } catch (SQLException e) {
      throw StateErrors.of("cannot read the crawl state", file, e);
    } finally {
      readLock.unlock();
    }
  }

  private void checkOpen() {
    closeLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("store is closed");
      }
    } finally {
      closeLock.unlock();
    }
  }

  /** The item in the current row; a leased entry's QUEUED row as LEASED. */
  private Item item(ResultSet rs) throws SQLException {
    long id = rs.getLong(1);
    Status status = Status.valueOf(rs.getString(7));
    return new Item(
        id,
        Kind.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        status == Status.QUEUED && leases.holds(id) ? Status.LEASED : status,
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getInt(14),
        Instant.ofEpochMilli(rs.getLong(15)),
        rs.getString(16),
        rs.getString(17),
        rs.getInt(18));
  }

  private long now() {
    return clock.millis();
  }

  private static void checkLease(Duration lease) {
    if (lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease <= 0: " + lease);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
