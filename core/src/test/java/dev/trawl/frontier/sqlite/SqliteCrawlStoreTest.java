package dev.trawl.frontier.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.CrawlStoreContract;
import dev.trawl.frontier.StateException;
import dev.trawl.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SqliteCrawlStoreTest extends CrawlStoreContract {
  @TempDir Path out;

  private Path stateDir() {
    return out.resolve(".trawl");
  }

  @Override
  protected CrawlStore newStore() {
    return SqliteCrawlStore.open(stateDir());
  }

  @Override
  protected CrawlStore reopen(CrawlStore store) {
    store.close();
    return SqliteCrawlStore.open(stateDir());
  }

  @Test
  void openWritesTheCurrentSchemaVersion() throws Exception {
    store.close();

    assertThat(query("SELECT version FROM schema_version")).containsExactly(4L);
    assertThat(Schema.CURRENT).isEqualTo(4);
  }

  @Test
  void aStateOfSchemaOneOpensWithItsPagesAtLevelZeroAndResumes() throws Exception {
    stateOfSchema(
        1,
        "INSERT INTO items (kind, key, url, meta, status, updated_at)"
            + " VALUES ('PAGE', 'k', 'https://a.test/p/2', 'follow:0', 'QUEUED', 0)");

    store = SqliteCrawlStore.open(stateDir());

    Claim claim = store.claim("w", 10, LONG).get(0);
    assertThat(claim.url()).isEqualTo("https://a.test/p/2");
    assertThat(claim.meta()).isEqualTo("follow:0");
    assertThat(claim.level()).isZero();
    store.close();
    assertThat(query("SELECT version FROM schema_version")).containsExactly(4L);
  }

  @Test
  void aStateOfSchemaTwoKnowsEachContentsFirstImageAndItsSameNamedCopiesAreDuplicates()
      throws Exception {
    // what trawl recorded for the same bytes from http://h/a/x.jpg and http://h/b/x.jpg, and
    // for a picture a killed run put in place before recording it
    stateOfSchema(
        2,
        "INSERT INTO names VALUES ('x.jpg'), ('y.jpg')",
        "INSERT INTO contents VALUES ('same', 'x.jpg'), ('unrecorded', 'y.jpg')",
        "INSERT INTO items (kind, key, url, status, file, sha256, updated_at) VALUES"
            + " ('IMAGE', 'http://h/a/x.jpg', 'http://h/a/x.jpg', 'SAVED', 'x.jpg', 'same', 0),"
            + " ('IMAGE', 'http://h/b/x.jpg', 'http://h/b/x.jpg', 'SAVED', 'x.jpg', 'same', 0),"
            + " ('IMAGE', 'http://h/y.jpg', 'http://h/y.jpg', 'QUEUED', NULL, NULL, 0)");

    store = SqliteCrawlStore.open(stateDir());

    assertOldSameNamedCopyIsADuplicate(store);
    store.close();
    assertThat(query("SELECT version FROM schema_version")).containsExactly(4L);
  }

  @Test
  void aStateOfSchemaThreeKeepsItsLeasesUntilTheyAreReleased() throws Exception {
    // a lease an older trawl wrote at claim, and a queued entry
    stateOfSchema(
        3,
        "INSERT INTO items (kind, key, url, status, lease_owner, lease_until, updated_at) VALUES"
            + " ('IMAGE', 'i1', 'http://h/1.jpg', 'LEASED', 'dead', 9000000000000, 0),"
            + " ('IMAGE', 'i2', 'http://h/2.jpg', 'QUEUED', NULL, NULL, 0)");

    store = SqliteCrawlStore.open(stateDir());

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.LEASED);
    assertThat(store.claim("w", 10, LONG)).extracting(Claim::key).containsExactly("i2");
    assertThat(store.releaseLeases(true)).isEqualTo(2);
    assertThat(store.claim("w", 10, LONG)).extracting(Claim::key).containsExactly("i1", "i2");
    store.close();
    assertThat(query("SELECT version FROM schema_version")).containsExactly(4L);
  }

  @Test
  void aLeasedEntrysRowSaysQueuedToOtherReadersOfTheFileWhileTheStoreIsOpen() throws Exception {
    store.add(List.of(image("i1")));
    store.claim("w", 1, LONG);

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.LEASED);
    assertThat(query("SELECT status FROM items WHERE key = 'i1'")).containsExactly("QUEUED");
  }

  @Test
  void anEntryQueuedAgainBelowLeasedOnesIsClaimedFirst() {
    store.add(images(5));
    List<Claim> first = store.claim("w", 3, LONG);
    store.finish(List.of(failed(first.get(1).id(), "timeout", 1)));
    store.requeue(List.of(first.get(1).id()));

    List<Claim> next = store.claim("w", 10, LONG);

    assertThat(next)
        .extracting(Claim::id)
        .containsExactly(first.get(1).id(), first.get(2).id() + 1, first.get(2).id() + 2);
  }

  @Test
  @Timeout(120)
  void aKilledProcesssLeasesAreGoneAndItsEntriesQueued() throws Exception {
    Process child = otherProcessHolding("claim");
    child.destroyForcibly(); // kill -9
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    store = SqliteCrawlStore.open(stateDir());

    assertThat(store.find(Kind.IMAGE, "held").orElseThrow().status()).isEqualTo(Status.QUEUED);
    assertThat(store.claim("w", 10, LONG)).extracting(Claim::key).containsExactly("held");
  }

  @Test
  void openUsesWriteAheadLogging() throws Exception {
    store.close();

    assertThat(query("PRAGMA journal_mode")).containsExactly("wal");
  }

  @Test
  void openRefusesAStateWrittenByANewerTrawl() throws Exception {
    store.close();
    update("UPDATE schema_version SET version = 5");

    assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir()))
        .isInstanceOf(StateException.class)
        .hasMessage(
            "state in "
                + out
                + " was written by a newer trawl (schema 5, this trawl reads up to 4)");
    assertThat(query("SELECT version FROM schema_version")).containsExactly(5L);
  }

  @Test
  void openRefusesAFileThatIsNotSqlite() throws Exception {
    store.close();
    Path db = stateDir().resolve("state.db");
    Files.deleteIfExists(stateDir().resolve("state.db-wal"));
    Files.writeString(db, "{\"this\": \"is json, not a database\"}\n".repeat(100));

    assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir()))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(db.toString());
  }

  @Test
  void openRefusesACorruptDatabase() throws Exception {
    store.close();
    Path db = stateDir().resolve("state.db");
    byte[] bytes = Files.readAllBytes(db);
    for (int i = 100; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(db, bytes);

    assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir()))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(db.toString());
  }

  @Test
  void openRefusesASecondOpenerInTheSameProcess() {
    assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir()))
        .isInstanceOf(StateException.class)
        .hasMessage(
            "another trawl is crawling into "
                + out
                + " (pid "
                + ProcessHandle.current().pid()
                + ")");
  }

  @Test
  void aFailedSecondOpenLeavesTheFirstStoreWorking() {
    assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir())).isInstanceOf(StateException.class);

    assertThat(store.add(List.of(image("i1")))).containsExactly(true);
  }

  @Test
  void openWritesThePidIntoTheLockFile() throws Exception {
    assertThat(Files.readString(stateDir().resolve("lock"), StandardCharsets.UTF_8).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  @Timeout(120)
  void openRefusesAnotherProcessCrawlingIntoTheSameDirAndNamesItsPid() throws Exception {
    Process child = otherProcessHolding();
    try {
      assertThatThrownBy(() -> SqliteCrawlStore.open(stateDir()))
          .isInstanceOf(StateException.class)
          .hasMessage("another trawl is crawling into " + out + " (pid " + child.pid() + ")");

      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      store = SqliteCrawlStore.open(stateDir()); // a killed holder leaves no lock behind
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aFailedWriteThrowsAndBreaksTheStore() {
    ((SqliteCrawlStore) store).limitGrowth(2);

    assertThatThrownBy(() -> store.add(bigBatch()))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("state.db");
    assertThatThrownBy(() -> store.claim("w", 1, LONG)).isInstanceOf(StateException.class);
    assertThatThrownBy(() -> store.hasOpenWork()).isInstanceOf(StateException.class);
  }

  @Test
  void flushThrowsWhenAQueuedFinishCouldNotBeWritten() throws Exception {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    ((SqliteCrawlStore) store).limitGrowth(2);

    store.finish(
        List.of(
            new Result(
                id,
                Status.SAVED,
                null,
                "i1.jpg",
                1,
                "h1",
                null,
                null,
                1,
                AT,
                "m".repeat(1 << 20),
                null,
                null)));

    assertThatThrownBy(() -> store.flush()).isInstanceOf(StateException.class);
    store = reopen(store);
    // not final; the broken store could not write its lease either
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.QUEUED);
  }

  @Test
  void afterAFailedWriteFinishThrowsAndRecordsNothing() throws Exception {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    ((SqliteCrawlStore) store).limitGrowth(2);
    assertThatThrownBy(() -> store.add(bigBatch())).isInstanceOf(StateException.class);

    assertThatThrownBy(() -> store.finish(List.of(saved(id, "i1.jpg", "h1"))))
        .isInstanceOf(StateException.class);
    store = reopen(store);
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.QUEUED);
  }

  @Test
  void aFinishedEntryIsSeenByReadsWithoutFlush() {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();

    store.finish(List.of(saved(id, "i1.jpg", "h1")));

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.SAVED);
    assertThat(store.hasOpenWork()).isFalse();
  }

  @Test
  void closeAppliesQueuedFinishes() throws Exception {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(saved(id, "i1.jpg", "h1")));

    store = reopen(store); // close without flush

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.SAVED);
  }

  @Test
  void aClosedStoreRefusesCalls() {
    store.close();

    assertThatThrownBy(() -> store.add(List.of(image("i1"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.counts(Kind.IMAGE)).isInstanceOf(IllegalStateException.class);
  }

  private static List<Entry> bigBatch() {
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      batch.add(image("big-" + i + "-" + "x".repeat(200)));
    }
    return batch;
  }

  /**
   * Closes the store and starts another process ({@link HoldState} with {@code args}) that opens
   * the state; returns once it holds it.
   */
  private Process otherProcessHolding(String... args) throws Exception {
    store.close();
    store = null;
    List<String> childArgs = new ArrayList<>(List.of(stateDir().toString()));
    childArgs.addAll(List.of(args));
    Process child =
        new ProcessBuilder(
                ChildJvm.command(List.of(), HoldState.class, childArgs.toArray(String[]::new)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.equals("locked")) {
      // skip any noise before the child holds the state
    }
    if (line == null) {
      child.destroyForcibly();
    }
    assertThat(line).isEqualTo("locked");
    return child;
  }

  /** Closes the store and puts a state an older trawl wrote in its place: {@code rows} inserted. */
  private void stateOfSchema(int version, String... rows) throws Exception {
    store.close();
    Files.delete(stateDir().resolve("state.db"));
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      for (List<String> step : Schema.MIGRATIONS.subList(0, version)) {
        for (String sql : step) {
          st.execute(sql);
        }
      }
      st.execute("INSERT INTO schema_version VALUES (" + version + ")");
      for (String sql : rows) {
        st.execute(sql);
      }
    }
  }

  private List<Object> query(String sql) throws SQLException {
    try (Connection c = jdbc();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Object> values = new ArrayList<>();
      while (rs.next()) {
        Object v = rs.getObject(1);
        values.add(v instanceof Integer ? Long.valueOf((Integer) v) : v);
      }
      return values;
    }
  }

  private void update(String sql) throws SQLException {
    try (Connection c = jdbc();
        Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + stateDir().resolve("state.db"));
  }
}
