package dev.trawl.frontier.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trawl.frontier.SharedCrawlStore;
import dev.trawl.frontier.StateException;
import dev.trawl.frontier.WorkerInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The crawl state in PostgreSQL, shared by any number of workers on any machines: the job-queue
 * pattern of Oban, GoodJob and River. Open it with {@link #open(String, String)}.
 *
 * <p>One database holds many crawls: every table is keyed by the crawl name, and the tables are
 * prefixed {@code trawl_} so they can live beside others. The schema is created and migrated by
 * {@code open} (table {@code trawl_schema_version}); a database written by a newer trawl is
 * refused.
 *
 * <p>Leases: {@link #claim} takes rows with {@code FOR UPDATE SKIP LOCKED}, so concurrent workers
 * never wait on nor take each other's rows, and marks them leased until the database's {@code
 * now()} plus the lease: worker clocks do not matter. An expired lease is claimable again, so a
 * dead worker's entries come back by themselves. {@link #finish} records an outcome for a row that
 * is still open (queued, or leased by anyone) and ignores it for a row that is already final: the
 * first final outcome wins and is never undone, so a worker whose lease expired and was taken over
 * cannot corrupt the other worker's result, and at worst both fetch the entry (the content dedup
 * and name reservation then keep one copy). {@link #flush} has nothing to wait for: {@code finish}
 * commits before it returns.
 *
 * <p>Global politeness: {@link #tryStartRequest}, {@link #endRequest} and {@link #pauseHost} keep
 * per-host in-flight counts and next-allowed-start times in the database, so N workers together are
 * never ruder to a host than one. A request slot belongs to this store instance; a worker that dies
 * mid-request frees its slots when they expire ({@value #SLOT_LEASE_SECONDS} s after the last
 * {@link #renew} or {@link #heartbeat} of this instance).
 *
 * <p>Thread-safe; a pool of {@value #POOL_SIZE} connections. Failures of the database throw {@link
 * StateException} naming the server (never the password).
 */
public final class PostgresCrawlStore implements SharedCrawlStore {
  /** The schema version this code writes; a database with a newer one is refused. */
  public static final int SCHEMA_VERSION = 4;

  /** Connections per store instance. */
  public static final int POOL_SIZE = 8;

  /** How long a request slot outlives the last renew or heartbeat of its store instance. */
  public static final int SLOT_LEASE_SECONDS = 60;

  private static final long MIGRATION_LOCK = 0x747261776cL; // "trawl"
  private static final int ADD_CHUNK = 5000;
  private static final long REAP_EVERY_NANOS = 1_000_000_000L;

  static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              """
              CREATE TABLE trawl_items (
                id bigserial PRIMARY KEY,
                crawl text NOT NULL,
                kind smallint NOT NULL,
                key text NOT NULL,
                url text NOT NULL,
                page text,
                meta text,
                status text NOT NULL DEFAULT 'QUEUED',
                lease_owner text,
                lease_until timestamptz,
                final_url text,
                file text,
                bytes bigint NOT NULL DEFAULT 0,
                sha256 text,
                content_type text,
                reason text,
                attempts int NOT NULL DEFAULT 0,
                updated_at timestamptz NOT NULL DEFAULT now(),
                etag text,
                last_modified text)""",
              // md5: a URL may be longer than a btree entry allows
              "CREATE UNIQUE INDEX trawl_items_key ON trawl_items (crawl, kind, md5(key))",
              "CREATE INDEX trawl_items_open ON trawl_items (crawl, kind, id)"
                  + " WHERE status IN ('QUEUED', 'LEASED')",
              "CREATE INDEX trawl_items_status ON trawl_items (crawl, kind, status, id)",
              "CREATE INDEX trawl_items_lease ON trawl_items (crawl, lease_owner)"
                  + " WHERE status = 'LEASED'",
              """
              CREATE TABLE trawl_runs (
                id bigserial PRIMARY KEY,
                crawl text NOT NULL,
                worker text NOT NULL,
                started timestamptz NOT NULL,
                ended timestamptz,
                description text)""",
              "CREATE INDEX trawl_runs_crawl ON trawl_runs (crawl, id)",
              """
              CREATE TABLE trawl_content (
                crawl text NOT NULL,
                sha256 text NOT NULL,
                file text NOT NULL,
                PRIMARY KEY (crawl, sha256))""",
              "CREATE TABLE trawl_names (crawl text NOT NULL, name text NOT NULL)",
              "CREATE UNIQUE INDEX trawl_names_key ON trawl_names (crawl, lower(name))",
              """
              CREATE TABLE trawl_workers (
                crawl text NOT NULL,
                worker text NOT NULL,
                host text,
                pid bigint NOT NULL,
                started timestamptz NOT NULL,
                last_seen timestamptz NOT NULL,
                items_done bigint NOT NULL,
                PRIMARY KEY (crawl, worker))""",
              """
              CREATE TABLE trawl_hosts (
                crawl text NOT NULL,
                host text NOT NULL,
                in_flight int NOT NULL,
                next_start timestamptz NOT NULL,
                PRIMARY KEY (crawl, host))""",
              """
              CREATE TABLE trawl_host_slots (
                id bigserial PRIMARY KEY,
                crawl text NOT NULL,
                host text NOT NULL,
                owner text NOT NULL,
                until timestamptz NOT NULL)""",
              "CREATE INDEX trawl_host_slots_host ON trawl_host_slots (crawl, host, until)",
              "CREATE INDEX trawl_host_slots_owner ON trawl_host_slots (owner)",
              // the queue's head must come from an ordered walk of trawl_items_open: with stale
              // statistics (a young crawl beside an old one) the planner would sort the crawl
              """
              CREATE FUNCTION trawl_claim(p_crawl text, p_max int, p_worker text, p_lease float8)
              RETURNS TABLE (id bigint, kind smallint, key text, url text, page text, meta text,
                attempts int)
              LANGUAGE sql SET enable_sort = off SET enable_bitmapscan = off AS $$
                WITH picked AS MATERIALIZED (
                  SELECT t.id FROM trawl_items t
                  WHERE t.crawl = p_crawl AND t.status IN ('QUEUED', 'LEASED')
                    AND (t.status = 'QUEUED' OR t.lease_until < now())
                  ORDER BY t.kind, t.id LIMIT p_max FOR UPDATE SKIP LOCKED)
                UPDATE trawl_items i SET status = 'LEASED', lease_owner = p_worker,
                  lease_until = now() + make_interval(secs => p_lease)
                FROM picked WHERE i.id = picked.id
                RETURNING i.id, i.kind, i.key, i.url, i.page, i.meta, i.attempts
              $$"""),
          // 2: where each name was written ("host:dir"), to find a dead worker's file
          List.of("ALTER TABLE trawl_names ADD COLUMN place text"),
          // 3: the level of each page in the crawl's list of levels (and of each image's page)
          List.of(
              "ALTER TABLE trawl_items ADD COLUMN level smallint NOT NULL DEFAULT 0",
              "DROP FUNCTION trawl_claim(text, int, text, float8)",
              """
              CREATE FUNCTION trawl_claim(p_crawl text, p_max int, p_worker text, p_lease float8)
              RETURNS TABLE (id bigint, kind smallint, key text, url text, page text, meta text,
                attempts int, level smallint)
              LANGUAGE sql SET enable_sort = off SET enable_bitmapscan = off AS $$
                WITH picked AS MATERIALIZED (
                  SELECT t.id FROM trawl_items t
                  WHERE t.crawl = p_crawl AND t.status IN ('QUEUED', 'LEASED')
                    AND (t.status = 'QUEUED' OR t.lease_until < now())
                  ORDER BY t.kind, t.id LIMIT p_max FOR UPDATE SKIP LOCKED)
                UPDATE trawl_items i SET status = 'LEASED', lease_owner = p_worker,
                  lease_until = now() + make_interval(secs => p_lease)
                FROM picked WHERE i.id = picked.id
                RETURNING i.id, i.kind, i.key, i.url, i.page, i.meta, i.attempts, i.level
              $$"""),
          // 4: the image each content was first claimed for, so that a later image with the same
          // bytes is a duplicate even when it wants the same name. Older crawls: the first image
          // saved with the bytes; an image saved under the same bytes after it (what trawl once
          // did for a same-named picture) becomes the duplicate it is; contents no saved image
          // holds (a worker stopped before recording) go to the next image that claims them.
          List.of(
              "ALTER TABLE trawl_content ADD COLUMN item text",
              """
              UPDATE trawl_content c SET item = f.key
              FROM (SELECT DISTINCT ON (crawl, sha256) crawl, sha256, key FROM trawl_items
                    WHERE kind = 1 AND status = 'SAVED' AND sha256 IS NOT NULL
                    ORDER BY crawl, sha256, id) f
              WHERE f.crawl = c.crawl AND f.sha256 = c.sha256""",
              """
              UPDATE trawl_items i SET status = 'DUPLICATE', reason = 'same bytes as ' || i.file
              FROM trawl_content c
              WHERE c.crawl = i.crawl AND c.sha256 = i.sha256 AND i.kind = 1
                AND i.status = 'SAVED' AND i.key <> c.item"""));

  private static final String ITEM_COLUMNS =
      "id, kind, key, url, page, meta, status, final_url, file, bytes, sha256, content_type,"
          + " reason, attempts, updated_at, etag, last_modified, level";

  private static final String OPEN = "status IN ('QUEUED', 'LEASED')";

  private final HikariDataSource pool;
  private final String crawl;
  private final String where;
  private final String owner = UUID.randomUUID().toString();
  private final double slotLeaseSeconds;
  private final AtomicInteger slotsHere = new AtomicInteger();
  private final Map<String, Long> lastReap = new ConcurrentHashMap<>();
  private volatile String place;

  private PostgresCrawlStore(
      HikariDataSource pool, String crawl, String where, Duration slotLease) {
    this.pool = pool;
    this.crawl = crawl;
    this.where = where;
    this.slotLeaseSeconds = seconds(slotLease);
  }

  /**
   * Connects to the database at {@code url} and creates or migrates the schema.
   *
   * @param url {@code postgresql://HOST[:PORT]/DB?user=U&password=P} (also {@code
   *     postgresql://U:P@HOST/DB}) or {@code jdbc:postgresql://...}
   * @param crawl the crawl the workers share; one database holds many
   * @throws IllegalArgumentException for any other URL (named, password masked) or a blank crawl
   * @throws StateException when the database cannot be reached or holds a newer schema
   */
  public static PostgresCrawlStore open(String url, String crawl) {
    return open(url, crawl, Duration.ofSeconds(SLOT_LEASE_SECONDS));
  }

  /** {@link #open(String, String)} with another request slot lease, for tests. */
  static PostgresCrawlStore open(String url, String crawl, Duration slotLease) {
    String jdbc = PostgresUrl.toJdbc(url);
    if (crawl == null || crawl.isBlank()) {
      throw new IllegalArgumentException("crawl is blank: " + crawl);
    }
    String where = PostgresUrl.describe(jdbc) + " (crawl " + crawl + ")";
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbc);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setPoolName("trawl-postgres");
    config.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StateException("cannot connect to " + where + ": " + rootMessage(e), e);
    }
    PostgresCrawlStore store = new PostgresCrawlStore(pool, crawl, where, slotLease);
    try {
      store.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return store;
  }

  /** The crawl this store works on. */
  public String crawl() {
    return crawl;
  }

  private void migrate() {
    transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            // several workers may start at once against an empty database
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute(
                "CREATE TABLE IF NOT EXISTS trawl_schema_version"
                    + " (version int PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
            int found;
            try (ResultSet r =
                s.executeQuery("SELECT coalesce(max(version), 0) FROM trawl_schema_version")) {
              r.next();
              found = r.getInt(1);
            }
            if (found > SCHEMA_VERSION) {
              throw new StateException(
                  where
                      + " holds trawl schema version "
                      + found
                      + ", newer than this trawl's "
                      + SCHEMA_VERSION
                      + ": use a newer trawl");
            }
            for (int v = found + 1; v <= SCHEMA_VERSION; v++) {
              for (String ddl : MIGRATIONS.get(v - 1)) {
                s.execute(ddl);
              }
              s.execute("INSERT INTO trawl_schema_version (version) VALUES (" + v + ")");
            }
          }
          return null;
        });
  }

  @Override
  public long beginRun(String worker, String description) {
    requireNonNull(worker, "worker");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO trawl_runs (crawl, worker, started, description)"
                      + " VALUES (?, ?, now(), ?) RETURNING id")) {
            s.setString(1, crawl);
            s.setString(2, worker);
            s.setString(3, description);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  @Override
  public void endRun(long run) {
    update("UPDATE trawl_runs SET ended = now() WHERE crawl = ? AND id = ?", crawl, run);
  }

  @Override
  public List<Run> runs() {
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, worker, started, ended, description FROM trawl_runs"
                      + " WHERE crawl = ? ORDER BY id")) {
            s.setString(1, crawl);
            List<Run> runs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                runs.add(
                    new Run(
                        r.getLong(1),
                        r.getString(2),
                        instant(r, 3),
                        instant(r, 4),
                        r.getString(5)));
              }
            }
            return runs;
          }
        });
  }

  @Override
  public boolean[] add(List<Entry> entries) {
    requireNonNull(entries, "entries");
    for (Entry e : entries) {
      if (e == null || e.kind() == null || e.key() == null || e.url() == null) {
        throw new NullPointerException("entry without kind, key or url: " + e);
      }
    }
    boolean[] added = new boolean[entries.size()];
    if (entries.isEmpty()) {
      return added;
    }
    transaction(
        c -> {
          for (int from = 0; from < entries.size(); from += ADD_CHUNK) {
            int to = Math.min(entries.size(), from + ADD_CHUNK);
            addChunk(c, entries, from, to, added);
          }
          return null;
        });
    return added;
  }

  private void addChunk(Connection c, List<Entry> entries, int from, int to, boolean[] added)
      throws SQLException {
    int n = to - from;
    Integer[] kinds = new Integer[n];
    String[] keys = new String[n];
    String[] urls = new String[n];
    String[] pages = new String[n];
    String[] metas = new String[n];
    Integer[] levels = new Integer[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(from + i);
      kinds[i] = e.kind().ordinal();
      keys[i] = e.key();
      urls[i] = e.url();
      pages[i] = e.page();
      metas[i] = e.meta();
      levels[i] = e.level();
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO trawl_items (crawl, kind, key, url, page, meta, level)"
                + " SELECT ?, e.kind, e.key, e.url, e.page, e.meta, e.level"
                + " FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])"
                + " WITH ORDINALITY AS e (kind, key, url, page, meta, level, ord) ORDER BY e.ord"
                + " ON CONFLICT (crawl, kind, md5(key)) DO NOTHING RETURNING kind, key")) {
      s.setString(1, crawl);
      s.setArray(2, c.createArrayOf("int4", kinds));
      s.setArray(3, c.createArrayOf("text", keys));
      s.setArray(4, c.createArrayOf("text", urls));
      s.setArray(5, c.createArrayOf("text", pages));
      s.setArray(6, c.createArrayOf("text", metas));
      s.setArray(7, c.createArrayOf("int4", levels));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          inserted.add(r.getInt(1) + "\n" + r.getString(2));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      // a key twice in one batch: only its first occurrence was added
      added[from + i] = inserted.remove(kinds[i] + "\n" + keys[i]);
    }
  }

  @Override
  public List<Claim> claim(String worker, int max, Duration lease) {
    requireNonNull(worker, "worker");
    if (max < 1) {
      throw new IllegalArgumentException("max < 1: " + max);
    }
    requirePositive(lease, "lease");
    List<Claim> claims =
        autocommit(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id, kind, key, url, page, meta, attempts, level"
                          + " FROM trawl_claim(?, ?, ?, ?)")) {
                s.setString(1, crawl);
                s.setInt(2, max);
                s.setString(3, worker);
                s.setDouble(4, seconds(lease));
                List<Claim> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                  while (r.next()) {
                    found.add(
                        new Claim(
                            r.getLong(1),
                            Kind.values()[r.getInt(2)],
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getInt(7),
                            r.getInt(8)));
                  }
                }
                return found;
              }
            });
    // RETURNING has no order
    claims.sort(Comparator.comparing(Claim::kind).thenComparingLong(Claim::id));
    return claims;
  }

  @Override
  public void renew(String worker, Duration lease) {
    requireNonNull(worker, "worker");
    requirePositive(lease, "lease");
    autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE trawl_items SET lease_until = now() + make_interval(secs => ?)"
                      + " WHERE crawl = ? AND status = 'LEASED' AND lease_owner = ?")) {
            s.setDouble(1, seconds(lease));
            s.setString(2, crawl);
            s.setString(3, worker);
            s.executeUpdate();
          }
          renewSlots(c);
          return null;
        });
  }

  @Override
  public void finish(List<Result> results) {
    requireNonNull(results, "results");
    if (results.isEmpty()) {
      return;
    }
    // first outcome per id wins, as in the database; id order keeps lock order the same everywhere
    Map<Long, Result> byId = new LinkedHashMap<>();
    for (Result r : results) {
      byId.putIfAbsent(r.id(), r);
    }
    List<Result> rs = new ArrayList<>(byId.values());
    rs.sort(Comparator.comparingLong(Result::id));
    // one statement per row, sent as one batch and one commit: a join on unnest() fell to full
    // scans while the statistics of a young table were stale
    transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE trawl_items SET status = ?, final_url = ?, file = ?, bytes = ?,"
                      + " sha256 = ?, content_type = ?, reason = ?, attempts = ?,"
                      + " updated_at = coalesce(?, now()), meta = coalesce(?, meta),"
                      + " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                      + " lease_owner = NULL, lease_until = NULL"
                      // no "crawl = ?": ids are unique across crawls, and with it a young
                      // table's statistics can steer the planner to a range scan of the crawl
                      + " WHERE id = ? AND "
                      + OPEN)) {
            for (Result r : rs) {
              s.setString(1, r.status().name());
              s.setString(2, r.finalUrl());
              s.setString(3, r.file());
              s.setLong(4, r.bytes());
              s.setString(5, r.sha256());
              s.setString(6, r.contentType());
              s.setString(7, r.reason());
              s.setInt(8, r.attempts());
              s.setObject(
                  9,
                  r.at() == null ? null : r.at().atOffset(ZoneOffset.UTC),
                  Types.TIMESTAMP_WITH_TIMEZONE);
              s.setString(10, r.meta());
              s.setString(11, r.etag());
              s.setString(12, r.lastModified());
              s.setLong(13, r.id());
              s.addBatch();
            }
            s.executeBatch();
          }
          return null;
        });
  }

  /** Nothing to wait for: {@link #finish} commits before it returns. */
  @Override
  public void flush() {}

  /**
   * Returns leased entries of this crawl to the queue. With {@code all} (a single worker resuming:
   * every lease is a dead run's) also frees every request slot of the crawl; without, only what
   * expired.
   */
  @Override
  public int releaseLeases(boolean all) {
    return transaction(
        c -> {
          int n;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE trawl_items SET status = 'QUEUED', lease_owner = NULL,"
                      + " lease_until = NULL WHERE crawl = ? AND status = 'LEASED'"
                      + (all ? "" : " AND lease_until < now()"))) {
            s.setString(1, crawl);
            n = s.executeUpdate();
          }
          if (all) {
            execute(c, "DELETE FROM trawl_host_slots WHERE crawl = ?", crawl);
            execute(c, "UPDATE trawl_hosts SET in_flight = 0 WHERE crawl = ?", crawl);
          } else {
            execute(
                c,
                "WITH dead AS (DELETE FROM trawl_host_slots WHERE crawl = ?"
                    + " AND until < clock_timestamp() RETURNING host),"
                    + " n AS (SELECT host, count(*) AS c FROM dead GROUP BY host)"
                    + " UPDATE trawl_hosts h SET in_flight = greatest(h.in_flight - n.c, 0)"
                    + " FROM n WHERE h.crawl = ? AND h.host = n.host",
                crawl,
                crawl);
          }
          return n;
        });
  }

  @Override
  public int requeue(Kind kind, Status status, String reason) {
    requireNonNull(kind, "kind");
    requireNonNull(status, "status");
    if (!status.isFinal()) {
      throw new IllegalArgumentException("not a final status: " + status);
    }
    String sql =
        "UPDATE trawl_items SET status = 'QUEUED', lease_owner = NULL, lease_until = NULL"
            + " WHERE crawl = ? AND kind = ? AND status = ?"
            + (reason == null ? "" : " AND reason = ?");
    return reason == null
        ? update(sql, crawl, kind.ordinal(), status.name())
        : update(sql, crawl, kind.ordinal(), status.name(), reason);
  }

  @Override
  public int requeue(List<Long> ids) {
    requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return 0;
    }
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE trawl_items SET status = 'QUEUED', lease_owner = NULL,"
                      + " lease_until = NULL WHERE crawl = ? AND id = ANY (?)"
                      + " AND NOT "
                      + OPEN)) {
            s.setString(1, crawl);
            s.setArray(2, c.createArrayOf("int8", ids.toArray(new Long[0])));
            return s.executeUpdate();
          }
        });
  }

  @Override
  public boolean hasOpenWork() {
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT EXISTS (SELECT 1 FROM trawl_items WHERE crawl = ? AND "
                      + OPEN
                      + " AND (status = 'QUEUED' OR lease_until >= now()))")) {
            s.setString(1, crawl);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getBoolean(1);
            }
          }
        });
  }

  @Override
  public Optional<Item> find(Kind kind, String key) {
    requireNonNull(kind, "kind");
    requireNonNull(key, "key");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + ITEM_COLUMNS
                      + " FROM trawl_items WHERE crawl = ? AND kind = ?"
                      + " AND md5(key) = md5(?) AND key = ?")) {
            s.setString(1, crawl);
            s.setInt(2, kind.ordinal());
            s.setString(3, key);
            s.setString(4, key);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(item(r)) : Optional.<Item>empty();
            }
          }
        });
  }

  /**
   * Streams the entries through a cursor, so memory stays flat. {@code action} runs while this
   * holds one pooled connection; it may call the store.
   */
  @Override
  public void forEach(Kind kind, Status status, Consumer<Item> action) {
    requireNonNull(kind, "kind");
    requireNonNull(action, "action");
    transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + ITEM_COLUMNS
                      + " FROM trawl_items WHERE crawl = ? AND kind = ?"
                      + (status == null ? "" : " AND status = ?")
                      + " ORDER BY id")) {
            s.setFetchSize(1000);
            s.setString(1, crawl);
            s.setInt(2, kind.ordinal());
            if (status != null) {
              s.setString(3, status.name());
            }
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                action.accept(item(r));
              }
            }
          }
          return null;
        });
  }

  @Override
  public Map<Integer, Map<Status, Long>> countsByLevel(Kind kind) {
    requireNonNull(kind, "kind");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT level, status, count(*) FROM trawl_items WHERE crawl = ? AND kind = ?"
                      + " GROUP BY level, status")) {
            s.setString(1, crawl);
            s.setInt(2, kind.ordinal());
            Map<Integer, Map<Status, Long>> counts = new TreeMap<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                counts
                    .computeIfAbsent(r.getInt(1), l -> new EnumMap<>(Status.class))
                    .put(Status.valueOf(r.getString(2)), r.getLong(3));
              }
            }
            return counts;
          }
        });
  }

  @Override
  public Map<Status, Long> counts(Kind kind) {
    requireNonNull(kind, "kind");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT status, count(*) FROM trawl_items WHERE crawl = ? AND kind = ?"
                      + " GROUP BY status")) {
            s.setString(1, crawl);
            s.setInt(2, kind.ordinal());
            Map<Status, Long> counts = new EnumMap<>(Status.class);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                counts.put(Status.valueOf(r.getString(1)), r.getLong(2));
              }
            }
            return counts;
          }
        });
  }

  @Override
  public Map<String, Long> failureReasons(Kind kind) {
    requireNonNull(kind, "kind");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT coalesce(reason, ?) AS r, count(*) FROM trawl_items"
                      + " WHERE crawl = ? AND kind = ? AND status = 'FAILED'"
                      + " GROUP BY r ORDER BY count(*) DESC, r")) {
            s.setString(1, UNKNOWN_REASON);
            s.setString(2, crawl);
            s.setInt(3, kind.ordinal());
            Map<String, Long> reasons = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                reasons.put(r.getString(1), r.getLong(2));
              }
            }
            return reasons;
          }
        });
  }

  @Override
  public Optional<Holder> claimName(String sha256, String file, String item) {
    requireNonNull(sha256, "sha256");
    requireNonNull(file, "file");
    requireNonNull(item, "item");
    return transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO trawl_content (crawl, sha256, file, item) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (crawl, sha256) DO NOTHING")) {
            s.setString(1, crawl);
            s.setString(2, sha256);
            s.setString(3, file);
            s.setString(4, item);
            if (s.executeUpdate() == 0) {
              return Optional.of(holder(c, sha256, item));
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO trawl_names (crawl, name, place) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            s.setString(1, crawl);
            s.setString(2, file);
            s.setString(3, place);
            if (s.executeUpdate() == 1) {
              return Optional.of(new Holder(file, item));
            }
          }
          // the name holds other bytes: these bytes have no file yet after all
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM trawl_content WHERE crawl = ? AND sha256 = ?")) {
            s.setString(1, crawl);
            s.setString(2, sha256);
            s.executeUpdate();
          }
          return Optional.<Holder>empty();
        });
  }

  /**
   * The content row of {@code sha256}, which a committed transaction wrote; one an older trawl
   * wrote for no recorded image goes to {@code item}.
   */
  private Holder holder(Connection c, String sha256, String item) throws SQLException {
    // read committed: this statement sees the row the conflicting transaction committed
    try (PreparedStatement q =
        c.prepareStatement("SELECT file, item FROM trawl_content WHERE crawl = ? AND sha256 = ?")) {
      q.setString(1, crawl);
      q.setString(2, sha256);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        if (r.getString(2) != null) {
          return new Holder(r.getString(1), r.getString(2));
        }
      }
    }
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE trawl_content SET item = coalesce(item, ?) WHERE crawl = ? AND sha256 = ?"
                + " RETURNING file, item")) {
      u.setString(1, item);
      u.setString(2, crawl);
      u.setString(3, sha256);
      try (ResultSet r = u.executeQuery()) {
        r.next();
        return new Holder(r.getString(1), r.getString(2));
      }
    }
  }

  @Override
  public void setPlace(String place) {
    this.place = place;
  }

  @Override
  public Optional<String> placeOf(String file) {
    requireNonNull(file, "file");
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT place FROM trawl_names WHERE crawl = ? AND lower(name) = lower(?)")) {
            s.setString(1, crawl);
            s.setString(2, file);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  /**
   * Records that {@code worker} is alive on {@code host} as process {@code pid} with {@code
   * itemsDone} entries finished so far, for {@link #workers()}. Also keeps this instance's request
   * slots alive. Call it every few seconds (well within {@value #SLOT_LEASE_SECONDS} s).
   */
  @Override
  public void heartbeat(String worker, String host, long pid, long itemsDone) {
    requireNonNull(worker, "worker");
    autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO trawl_workers"
                      + " (crawl, worker, host, pid, started, last_seen, items_done)"
                      + " VALUES (?, ?, ?, ?, now(), now(), ?) ON CONFLICT (crawl, worker)"
                      + " DO UPDATE SET host = excluded.host, pid = excluded.pid,"
                      + " last_seen = now(), items_done = excluded.items_done")) {
            s.setString(1, crawl);
            s.setString(2, worker);
            s.setString(3, host);
            s.setLong(4, pid);
            s.setLong(5, itemsDone);
            s.executeUpdate();
          }
          renewSlots(c);
          return null;
        });
  }

  /**
   * Every worker that ever sent a heartbeat for this crawl, first started first. A worker is live
   * when its {@code lastSeen} is recent (compare with {@link #databaseTime()}, not the local
   * clock).
   */
  @Override
  public List<WorkerInfo> workers() {
    return autocommit(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT worker, host, pid, started, last_seen, items_done FROM trawl_workers"
                      + " WHERE crawl = ? ORDER BY started, worker")) {
            s.setString(1, crawl);
            List<WorkerInfo> workers = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                workers.add(
                    new WorkerInfo(
                        r.getString(1),
                        r.getString(2),
                        r.getLong(3),
                        instant(r, 4),
                        instant(r, 5),
                        r.getLong(6)));
              }
            }
            return workers;
          }
        });
  }

  /** The database server's clock, the one leases and heartbeats are measured by. */
  @Override
  public Instant databaseTime() {
    return autocommit(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
            r.next();
            return instant(r, 1);
          }
        });
  }

  /**
   * Asks to start a request to {@code host}, across every worker of the crawl. Atomic: succeeds
   * only when fewer than {@code perHost} requests to the host are in flight and its next allowed
   * start has come, and then counts one more in flight and sets the next allowed start to now +
   * {@code minDelay} (times by the database clock). On success the caller must call {@link
   * #endRequest} once the request is over, whatever its outcome; on failure it should wait a little
   * (e.g. min(minDelay, 100 ms)) and ask again.
   *
   * @return true when the request may start now
   */
  @Override
  public boolean tryStartRequest(String host, int perHost, Duration minDelay) {
    requireNonNull(host, "host");
    if (perHost < 1) {
      throw new IllegalArgumentException("perHost < 1: " + perHost);
    }
    requireNonNull(minDelay, "minDelay");
    if (minDelay.isNegative()) {
      throw new IllegalArgumentException("minDelay < 0: " + minDelay);
    }
    if (startRequest(host, perHost, minDelay)) {
      return true;
    }
    // a dead worker's slots: free them now and then, and try once more if any were
    long now = System.nanoTime();
    Long last = lastReap.get(host);
    if (last != null && now - last < REAP_EVERY_NANOS) {
      return false;
    }
    lastReap.put(host, now);
    return reapSlots(host) > 0 && startRequest(host, perHost, minDelay);
  }

  private boolean startRequest(String host, int perHost, Duration minDelay) {
    boolean started =
        autocommit(
            c -> {
              // clock_timestamp: the time when the row lock is held, not when the statement began
              try (PreparedStatement s =
                  c.prepareStatement(
                      "WITH gate AS (INSERT INTO trawl_hosts AS h"
                          + " (crawl, host, in_flight, next_start)"
                          + " VALUES (?, ?, 1, clock_timestamp() + make_interval(secs => ?))"
                          + " ON CONFLICT (crawl, host) DO UPDATE SET in_flight = h.in_flight + 1,"
                          + " next_start = clock_timestamp() + make_interval(secs => ?)"
                          + " WHERE h.in_flight < ? AND h.next_start <= clock_timestamp()"
                          + " RETURNING h.crawl, h.host)"
                          + " INSERT INTO trawl_host_slots (crawl, host, owner, until)"
                          + " SELECT crawl, host, ?, clock_timestamp() + make_interval(secs => ?)"
                          + " FROM gate")) {
                double delay = seconds(minDelay);
                s.setString(1, crawl);
                s.setString(2, host);
                s.setDouble(3, delay);
                s.setDouble(4, delay);
                s.setInt(5, perHost);
                s.setString(6, owner);
                s.setDouble(7, slotLeaseSeconds);
                return s.executeUpdate() == 1;
              }
            });
    if (started) {
      slotsHere.incrementAndGet();
    }
    return started;
  }

  /** Ends a request {@link #tryStartRequest} allowed on this store instance. */
  @Override
  public void endRequest(String host) {
    requireNonNull(host, "host");
    // FOR UPDATE waits out a heartbeat renewing the slots (SKIP LOCKED freed none then: a leak);
    // two ends at once take two slots: the second one's lowest is gone when it gets the lock
    execute(
        "WITH slot AS (DELETE FROM trawl_host_slots WHERE id IN (SELECT id FROM trawl_host_slots"
            + " WHERE crawl = ? AND host = ? AND owner = ? ORDER BY id LIMIT 1"
            + " FOR UPDATE) RETURNING host)"
            + " UPDATE trawl_hosts h SET in_flight = greatest(h.in_flight - 1, 0)"
            + " FROM slot WHERE h.crawl = ? AND h.host = slot.host",
        crawl,
        host,
        owner,
        crawl);
    slotsHere.updateAndGet(n -> Math.max(0, n - 1));
  }

  /**
   * Lets no request to {@code host} start for {@code d} from now, for every worker (429/503
   * backoff, Crawl-delay); never brings an allowed start forward.
   */
  @Override
  public void pauseHost(String host, Duration d) {
    requireNonNull(host, "host");
    requirePositive(d, "d");
    execute(
        "INSERT INTO trawl_hosts AS h (crawl, host, in_flight, next_start)"
            + " VALUES (?, ?, 0, clock_timestamp() + make_interval(secs => ?))"
            + " ON CONFLICT (crawl, host) DO UPDATE"
            + " SET next_start = greatest(h.next_start, excluded.next_start)",
        crawl,
        host,
        seconds(d));
  }

  /** Frees this instance's request slots and closes the pool. */
  @Override
  public void close() {
    if (pool.isClosed()) {
      return;
    }
    try {
      if (slotsHere.get() > 0) {
        execute(
            "WITH mine AS (DELETE FROM trawl_host_slots WHERE owner = ? RETURNING crawl, host),"
                + " n AS (SELECT crawl, host, count(*) AS c FROM mine GROUP BY crawl, host)"
                + " UPDATE trawl_hosts h SET in_flight = greatest(h.in_flight - n.c, 0)"
                + " FROM n WHERE h.crawl = n.crawl AND h.host = n.host",
            owner);
      }
    } catch (StateException e) {
      // the slots expire by themselves
    } finally {
      pool.close();
    }
  }

  private int reapSlots(String host) {
    return update(
        "WITH dead AS (DELETE FROM trawl_host_slots WHERE crawl = ? AND host = ?"
            + " AND until < clock_timestamp() RETURNING host),"
            + " n AS (SELECT count(*) AS c FROM dead)"
            + " UPDATE trawl_hosts h SET in_flight = greatest(h.in_flight - n.c, 0)"
            + " FROM n WHERE h.crawl = ? AND h.host = ? AND n.c > 0",
        crawl,
        host,
        crawl,
        host);
  }

  private void renewSlots(Connection c) throws SQLException {
    if (slotsHere.get() > 0) {
      execute(
          c,
          "UPDATE trawl_host_slots SET until = clock_timestamp() + make_interval(secs => ?)"
              + " WHERE owner = ?",
          slotLeaseSeconds,
          owner);
    }
  }

  private static Item item(ResultSet r) throws SQLException {
    return new Item(
        r.getLong(1),
        Kind.values()[r.getInt(2)],
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        Status.valueOf(r.getString(7)),
        r.getString(8),
        r.getString(9),
        r.getLong(10),
        r.getString(11),
        r.getString(12),
        r.getString(13),
        r.getInt(14),
        instant(r, 15),
        r.getString(16),
        r.getString(17),
        r.getInt(18));
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private int update(String sql, Object... args) {
    return autocommit(c -> execute(c, sql, args));
  }

  private void execute(String sql, Object... args) {
    update(sql, args);
  }

  private static int execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof Array) {
          s.setArray(i + 1, (Array) a);
        } else if (a == null) {
          s.setNull(i + 1, Types.VARCHAR);
        } else {
          s.setObject(i + 1, a);
        }
      }
      return s.executeUpdate();
    }
  }

  /** Work on one connection. */
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T autocommit(Work<T> work) {
    return call(false, work);
  }

  private <T> T transaction(Work<T> work) {
    return call(true, work);
  }

  private <T> T call(boolean transaction, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        if (!transaction) {
          return work.run(c);
        }
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        // deadlock or serialization failure: the transaction did nothing, run it again
        String state = e.getSQLState();
        if (attempt < 5 && ("40P01".equals(state) || "40001".equals(state))) {
          continue;
        }
        throw new StateException("PostgreSQL store " + where + ": " + e.getMessage(), e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static void requireNonNull(Object o, String name) {
    if (o == null) {
      throw new NullPointerException(name + " == null");
    }
  }

  private static void requirePositive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0: " + d);
    }
  }
}
