package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.StateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The state's tables, created and migrated by the program. {@code MIGRATIONS.get(v)} takes a
 * database from version v to v + 1; a database newer than {@link #CURRENT} is refused, never
 * rewritten.
 */
final class Schema {
  private Schema() {}

  static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              """
              CREATE TABLE items (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                url TEXT NOT NULL,
                page TEXT,
                meta TEXT,
                status TEXT NOT NULL,
                final_url TEXT,
                file TEXT,
                bytes BIGINT NOT NULL DEFAULT 0,
                sha256 TEXT,
                content_type TEXT,
                reason TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_until BIGINT,
                updated_at BIGINT NOT NULL,
                etag TEXT,
                last_modified TEXT,
                UNIQUE (kind, key))""",
              "CREATE INDEX items_status ON items (status, kind, id)",
              "CREATE INDEX items_sha256 ON items (sha256)",
              "CREATE TABLE names (name TEXT PRIMARY KEY)",
              "CREATE TABLE contents (sha256 TEXT PRIMARY KEY, file TEXT NOT NULL)",
              """
              CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                worker TEXT NOT NULL,
                started BIGINT NOT NULL,
                ended BIGINT,
                description TEXT)"""),
          // 2: the level of each page in the crawl's list of levels (and of each image's page)
          List.of("ALTER TABLE items ADD COLUMN level INTEGER NOT NULL DEFAULT 0"),
          // 3: the image each content was first claimed for, so that a later image with the same
          // bytes is a duplicate even when it wants the same name. Older states: the first image
          // saved with the bytes; an image a run saved under the same bytes after it (what trawl
          // once did for a same-named picture) becomes the duplicate it is; contents no saved
          // image holds (a run stopped before recording) go to the next image that claims them.
          List.of(
              "ALTER TABLE contents ADD COLUMN item TEXT",
              """
              UPDATE contents SET item = (
                SELECT key FROM items WHERE kind = 'IMAGE' AND status = 'SAVED'
                  AND items.sha256 = contents.sha256 ORDER BY id LIMIT 1)""",
              """
              UPDATE items SET status = 'DUPLICATE', reason = 'same bytes as ' || file
              WHERE kind = 'IMAGE' AND status = 'SAVED'
                AND key <> (SELECT item FROM contents WHERE contents.sha256 = items.sha256)"""),
          // 4: leases live in memory and a leased entry's row stays QUEUED, so a row goes from
          // QUEUED to its final status once: only queued rows are indexed by kind (a finished row
          // leaves the index instead of moving in it), leased rows (written at close) by id;
          // nothing
          // looks rows up by hash (the contents table does). Both indexes cost a random write per
          // picture (docs/benchmarks.md).
          List.of(
              "DROP INDEX items_status",
              "DROP INDEX items_sha256",
              "CREATE INDEX items_queued ON items (kind, id) WHERE status = 'QUEUED'",
              "CREATE INDEX items_leased ON items (id) WHERE status = 'LEASED'"));

  static final int CURRENT = MIGRATIONS.size();

  /** The version of the database on {@code c}, 0 when it is new. */
  static int version(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Brings the database on {@code c} (autocommit off) to {@link #CURRENT} in one transaction.
   *
   * @param shown how the state dir is named in the error
   */
  static void migrate(Connection c, String shown) throws SQLException {
    int version = version(c);
    if (version > CURRENT) {
      throw new StateException(
          "state in "
              + shown
              + " was written by a newer trawl (schema "
              + version
              + ", this trawl reads up to "
              + CURRENT
              + ")");
    }
    if (version < CURRENT) {
      try (Statement st = c.createStatement()) {
        for (int v = version; v < CURRENT; v++) {
          for (String sql : MIGRATIONS.get(v)) {
            st.execute(sql);
          }
        }
        st.execute("DELETE FROM schema_version");
        st.execute("INSERT INTO schema_version (version) VALUES (" + CURRENT + ")");
      }
    }
    c.commit();
  }
}
