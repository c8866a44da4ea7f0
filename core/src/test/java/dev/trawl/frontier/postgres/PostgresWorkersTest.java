package dev.trawl.frontier.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.CrawlStore.Item;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.CrawlStoreContract;
import dev.trawl.frontier.StateException;
import dev.trawl.frontier.WorkerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What PostgreSQL adds to the contract: several workers, on several store instances, at once. */
class PostgresWorkersTest {
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final PostgresServer server = PostgresServer.shared();

  private final List<PostgresCrawlStore> opened = new ArrayList<>();
  private final String crawl = PostgresServer.freshCrawl();

  @AfterEach
  void closeStores() {
    opened.forEach(PostgresCrawlStore::close);
  }

  private PostgresCrawlStore worker() {
    return track(PostgresCrawlStore.open(server.url(), crawl));
  }

  private PostgresCrawlStore track(PostgresCrawlStore store) {
    opened.add(store);
    return store;
  }

  private static List<Entry> images(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> new Entry(Kind.IMAGE, "https://x.test/" + i, "https://x.test/" + i, null, null))
        .toList();
  }

  private static Result saved(long id, String file) {
    return new Result(
        id, Status.SAVED, null, file, 1, null, null, null, 1, Instant.now(), null, null, null);
  }

  private static Result failed(long id, String reason) {
    return new Result(
        id, Status.FAILED, null, null, 0, null, null, reason, 1, Instant.now(), null, null, null);
  }

  @Test
  void twoStoresNeverClaimTheSameEntry() throws Exception {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    int total = 3000;
    a.add(images(total));
    Map<Long, AtomicInteger> claimed = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      PostgresCrawlStore store = t % 2 == 0 ? a : b;
      String name = "w" + t;
      workers.add(
          pool.submit(
              () -> {
                go.await();
                while (true) {
                  List<Claim> batch = store.claim(name, 16, LONG);
                  if (batch.isEmpty()) {
                    return null;
                  }
                  List<Result> done = new ArrayList<>();
                  for (Claim c : batch) {
                    claimed.computeIfAbsent(c.id(), k -> new AtomicInteger()).incrementAndGet();
                    done.add(saved(c.id(), name));
                  }
                  store.finish(done);
                }
              }));
    }
    go.countDown();
    for (Future<?> w : workers) {
      w.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(claimed).hasSize(total);
    assertThat(claimed.values()).allMatch(n -> n.get() == 1);
    assertThat(a.counts(Kind.IMAGE)).containsEntry(Status.SAVED, (long) total);
    assertThat(b.hasOpenWork()).isFalse();
  }

  @Test
  void claimGivesPagesBeforeImagesOldestFirst() {
    PostgresCrawlStore a = worker();
    a.add(images(2));
    a.add(List.of(new Entry(Kind.PAGE, "https://x.test/p", "https://x.test/p", null, null)));

    List<Claim> claims = a.claim("w", 3, LONG);

    assertThat(claims)
        .extracting(Claim::key)
        .containsExactly("https://x.test/p", "https://x.test/0", "https://x.test/1");
  }

  @Test
  void aWorkerThatStopsRenewingLosesItsEntriesToAnother() {
    PostgresCrawlStore dead = worker();
    PostgresCrawlStore alive = worker();
    dead.add(images(5));
    List<Claim> held = dead.claim("dead", 10, Duration.ofMillis(300));
    assertThat(alive.claim("alive", 10, LONG)).isEmpty();

    List<Claim> taken = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> taken.addAll(alive.claim("alive", 10, LONG)));

    assertThat(taken).extracting(Claim::id).containsExactlyElementsOf(ids(held));
    assertThat(alive.hasOpenWork()).isTrue();
  }

  @Test
  void renewKeepsEntriesFromOtherWorkersPastTheFirstLease() {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    a.add(images(3));
    Instant claimed = a.databaseTime();
    a.claim("a", 10, Duration.ofMillis(300));
    a.renew("a", LONG);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> a.databaseTime().isAfter(claimed.plusSeconds(1)));

    assertThat(b.claim("b", 10, LONG)).isEmpty();
    assertThat(b.hasOpenWork()).isTrue();
  }

  @Test
  void hasOpenWorkIsFalseOnceOnlyExpiredLeasesAreLeft() {
    PostgresCrawlStore a = worker();
    a.add(images(1));
    a.claim("a", 1, Duration.ofMillis(200));

    await().atMost(Duration.ofSeconds(20)).until(() -> !a.hasOpenWork());

    assertThat(a.claim("b", 1, LONG)).hasSize(1);
  }

  @Test
  void aLateOutcomeNeverUndoesAFinalOne() {
    PostgresCrawlStore slow = worker();
    PostgresCrawlStore fast = worker();
    slow.add(images(1));
    long id = slow.claim("slow", 1, Duration.ofMillis(200)).get(0).id();
    await().atMost(Duration.ofSeconds(20)).until(() -> !fast.claim("fast", 1, LONG).isEmpty());

    fast.finish(List.of(saved(id, "fast.jpg")));
    slow.finish(List.of(failed(id, "timeout")));

    Item item = fast.find(Kind.IMAGE, "https://x.test/0").orElseThrow();
    assertThat(item.status()).isEqualTo(Status.SAVED);
    assertThat(item.file()).isEqualTo("fast.jpg");
  }

  @Test
  void anOutcomeForAnEntryReleasedToAnotherWorkerIsKept() {
    PostgresCrawlStore slow = worker();
    PostgresCrawlStore fast = worker();
    slow.add(images(1));
    long id = slow.claim("slow", 1, Duration.ofMillis(200)).get(0).id();
    await().atMost(Duration.ofSeconds(20)).until(() -> !fast.claim("fast", 1, LONG).isEmpty());

    slow.finish(List.of(saved(id, "slow.jpg")));
    fast.finish(List.of(saved(id, "fast.jpg")));

    assertThat(fast.find(Kind.IMAGE, "https://x.test/0").orElseThrow().file())
        .isEqualTo("slow.jpg");
  }

  @Test
  void sameBytesGetOneFileAcrossStores() throws Exception {
    List<PostgresCrawlStore> stores = List.of(worker(), worker(), worker());
    List<Optional<Holder>> answers =
        race(24, i -> stores.get(i % 3).claimName("abc123", "file" + i + ".jpg", "i" + i));

    assertThat(answers).allMatch(Optional::isPresent);
    assertThat(answers.stream().map(Optional::get).distinct()).hasSize(1);
  }

  @Test
  void aNameGoesToOneContentAcrossStoresIgnoringCase() throws Exception {
    List<PostgresCrawlStore> stores = List.of(worker(), worker());
    List<Optional<Holder>> answers =
        race(
            16,
            i -> stores.get(i % 2).claimName("sha" + i, i % 2 == 0 ? "Cat.jpg" : "cat.JPG", "i"));

    assertThat(answers).filteredOn(Optional::isPresent).hasSize(1);
  }

  @Test
  void crawlsInOneDatabaseAreSeparate() {
    PostgresCrawlStore one = worker();
    PostgresCrawlStore other = track(PostgresCrawlStore.open(server.url(), crawl + "-other"));
    one.add(images(2));
    other.add(images(2));
    one.claim("w", 2, LONG);
    other.claim("w", 2, LONG);

    assertThat(one.releaseLeases(true)).isEqualTo(2);

    assertThat(other.counts(Kind.IMAGE)).containsEntry(Status.LEASED, 2L);
    assertThat(one.counts(Kind.IMAGE)).containsEntry(Status.QUEUED, 2L);
    assertThat(other.claimName("h1", "a.jpg", "i1")).contains(new Holder("a.jpg", "i1"));
    assertThat(one.claimName("h2", "a.jpg", "i2")).contains(new Holder("a.jpg", "i2"));
  }

  @Test
  void tryStartRequestNeverAllowsMoreThanPerHostAcrossStores() throws Exception {
    List<PostgresCrawlStore> stores = List.of(worker(), worker(), worker());
    int threads = 9;
    int requestsEach = 15;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      PostgresCrawlStore store = stores.get(t % 3);
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int done = 0; done < requestsEach; ) {
                  if (!store.tryStartRequest("gallery.test", 2, Duration.ZERO)) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                  }
                  int now = inFlight.incrementAndGet();
                  most.accumulateAndGet(now, Math::max);
                  LockSupport.parkNanos(3_000_000); // the request
                  inFlight.decrementAndGet();
                  store.endRequest("gallery.test");
                  done++;
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(most.get()).isBetween(1, 2);
    assertThat(stores.get(0).tryStartRequest("gallery.test", 2, Duration.ZERO))
        .as(() -> hostState("gallery.test"))
        .isTrue();
    assertThat(stores.get(1).tryStartRequest("gallery.test", 2, Duration.ZERO))
        .as(() -> hostState("gallery.test"))
        .isTrue();
    assertThat(stores.get(2).tryStartRequest("gallery.test", 2, Duration.ZERO))
        .as(() -> hostState("gallery.test"))
        .isFalse();
  }

  /** The host's gate row and its slots, for a failure message. */
  private String hostState(String host) {
    StringBuilder b = new StringBuilder();
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      String where = " WHERE crawl = '" + crawl + "' AND host = '" + host + "'";
      try (ResultSet r =
          st.executeQuery(
              "SELECT in_flight, next_start, clock_timestamp() FROM trawl_hosts" + where)) {
        while (r.next()) {
          b.append("in_flight ").append(r.getInt(1)).append(", next_start ").append(r.getString(2));
          b.append(", now ").append(r.getString(3));
        }
      }
      try (ResultSet r = st.executeQuery("SELECT id, owner, until FROM trawl_host_slots" + where)) {
        while (r.next()) {
          b.append("; slot ").append(r.getLong(1)).append(' ').append(r.getString(2));
          b.append(" until ").append(r.getString(3));
        }
      }
    } catch (SQLException e) {
      b.append("state unreadable: ").append(e);
    }
    return b.toString();
  }

  @Test
  void anEndedRequestFreesItsSlotWhileAHeartbeatRenewsTheSlots() throws Exception {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    assertThat(a.tryStartRequest("renew.test", 1, Duration.ZERO)).isTrue();
    CompletableFuture<Void> ended;
    try (Connection renewing = server.connect();
        Connection watching = server.connect()) {
      renewing.setAutoCommit(false);
      try (Statement s = renewing.createStatement()) {
        // what a heartbeat's renewal does: the slot rows locked for the moment of an update
        s.executeUpdate("UPDATE trawl_host_slots SET until = until WHERE host = 'renew.test'");
      }
      ended = CompletableFuture.runAsync(() -> a.endRequest("renew.test"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ended.isDone() || waitingForALock(watching) > 0);
      renewing.commit();
    }
    ended.get(30, TimeUnit.SECONDS);

    assertThat(b.tryStartRequest("renew.test", 1, Duration.ZERO)).as("the slot was freed").isTrue();
  }

  @Test
  void twoRequestsOfOneStoreEndingAtOnceFreeTwoSlots() throws Exception {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    assertThat(a.tryStartRequest("two.test", 2, Duration.ZERO)).isTrue();
    assertThat(a.tryStartRequest("two.test", 2, Duration.ZERO)).isTrue();
    CompletableFuture<Void> first;
    CompletableFuture<Void> second;
    try (Connection renewing = server.connect();
        Connection watching = server.connect();
        ExecutorService two = Executors.newFixedThreadPool(2)) {
      renewing.setAutoCommit(false);
      try (Statement s = renewing.createStatement()) {
        // a renewal holds the slot rows: both ends wait for the same lock, then go on at once
        s.executeUpdate("UPDATE trawl_host_slots SET until = until WHERE host = 'two.test'");
      }
      first = CompletableFuture.runAsync(() -> a.endRequest("two.test"), two);
      second = CompletableFuture.runAsync(() -> a.endRequest("two.test"), two);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> first.isDone() && second.isDone() || waitingForALock(watching) >= 2);
      renewing.commit();
    }
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);

    assertThat(b.tryStartRequest("two.test", 2, Duration.ZERO)).as("first slot freed").isTrue();
    assertThat(b.tryStartRequest("two.test", 2, Duration.ZERO)).as("second slot freed").isTrue();
  }

  /** How many sessions wait for a lock. */
  private static int waitingForALock(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void minDelaySpacesRequestStartsAcrossStores() throws Exception {
    List<PostgresCrawlStore> stores = List.of(worker(), worker());
    Duration delay = Duration.ofMillis(250);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    race(
        4,
        i -> {
          PostgresCrawlStore store = stores.get(i % 2);
          while (starts.size() < 6) {
            if (store.tryStartRequest("slow.test", 10, delay)) {
              starts.add(System.nanoTime());
              store.endRequest("slow.test");
            } else {
              LockSupport.parkNanos(5_000_000);
            }
          }
          return null;
        });

    List<Long> sorted = starts.stream().sorted().toList();
    for (int i = 1; i < sorted.size(); i++) {
      // the database spaces starts by 250 ms; the local clock sees them with some jitter
      assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 1)))
          .isGreaterThan(Duration.ofMillis(150));
    }
  }

  @Test
  void endRequestLetsAnotherWorkerStart() {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    assertThat(a.tryStartRequest("h.test", 1, Duration.ZERO)).isTrue();
    assertThat(b.tryStartRequest("h.test", 1, Duration.ZERO)).isFalse();

    a.endRequest("h.test");

    assertThat(b.tryStartRequest("h.test", 1, Duration.ZERO)).isTrue();
  }

  @Test
  void aDeadWorkersRequestSlotIsFreedWhenItExpires() {
    PostgresCrawlStore dead =
        track(PostgresCrawlStore.open(server.url(), crawl, Duration.ofMillis(500)));
    PostgresCrawlStore alive = worker();
    assertThat(dead.tryStartRequest("h.test", 1, Duration.ZERO)).isTrue();
    assertThat(alive.tryStartRequest("h.test", 1, Duration.ZERO)).isFalse();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> alive.tryStartRequest("h.test", 1, Duration.ZERO));
  }

  @Test
  void heartbeatKeepsALiveWorkersSlot() {
    PostgresCrawlStore a =
        track(PostgresCrawlStore.open(server.url(), crawl, Duration.ofMillis(500)));
    PostgresCrawlStore b = worker();
    assertThat(a.tryStartRequest("h.test", 1, Duration.ZERO)).isTrue();
    Instant started = a.databaseTime();

    while (a.databaseTime().isBefore(started.plusSeconds(2))) {
      a.heartbeat("a", "host-a", 1, 0);
      assertThat(b.tryStartRequest("h.test", 1, Duration.ZERO)).isFalse();
      LockSupport.parkNanos(100_000_000);
    }
  }

  @Test
  void pauseHostHoldsBackEveryWorker() {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();

    a.pauseHost("busy.test", Duration.ofHours(1));

    assertThat(b.tryStartRequest("busy.test", 4, Duration.ZERO)).isFalse();
    assertThat(b.tryStartRequest("other.test", 4, Duration.ZERO)).isTrue();
  }

  @Test
  void workersListsEveryHeartbeatWithItsLatestCount() {
    PostgresCrawlStore a = worker();
    PostgresCrawlStore b = worker();
    a.heartbeat("a", "host-a", 11, 0);
    b.heartbeat("b", "host-b", 22, 5);
    a.heartbeat("a", "host-a", 11, 7);

    List<WorkerInfo> workers = b.workers();

    assertThat(workers).extracting(WorkerInfo::worker).containsExactly("a", "b");
    WorkerInfo first = workers.get(0);
    assertThat(first.host()).isEqualTo("host-a");
    assertThat(first.pid()).isEqualTo(11);
    assertThat(first.itemsDone()).isEqualTo(7);
    assertThat(first.lastSeen()).isAfterOrEqualTo(first.started());
  }

  @Test
  void storesOpeningAnEmptyDatabaseTogetherCreateTheSchemaOnce() throws Exception {
    String url = server.url(server.freshDatabase());
    List<PostgresCrawlStore> stores = race(4, i -> track(PostgresCrawlStore.open(url, crawl)));

    stores.get(0).add(images(1));
    assertThat(stores.get(3).claim("w", 1, LONG)).hasSize(1);
  }

  @Test
  void aDatabaseWithANewerSchemaIsRefused() {
    String db = server.freshDatabase();
    PostgresCrawlStore.open(server.url(db), crawl).close();
    server.sql(db, "INSERT INTO trawl_schema_version (version) VALUES (99)");

    assertThatThrownBy(() -> PostgresCrawlStore.open(server.url(db), crawl))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("version 99")
        .hasMessageContaining("this trawl's " + PostgresCrawlStore.SCHEMA_VERSION);
  }

  @Test
  void aDatabaseOfSchemaTwoIsMigratedWithItsItemsAtLevelZero() {
    String db = databaseAtSchema(2);
    server.sql(
        db,
        "INSERT INTO trawl_items (crawl, kind, key, url, meta) VALUES ('"
            + crawl
            + "', 0, 'k', 'https://a.test/p/2', 'follow:0')");

    PostgresCrawlStore store = track(PostgresCrawlStore.open(server.url(db), crawl));

    Claim claim = store.claim("w", 10, LONG).get(0);
    assertThat(claim.url()).isEqualTo("https://a.test/p/2");
    assertThat(claim.level()).isZero();
    store.add(List.of(new Entry(Kind.PAGE, "w1", "https://a.test/w/1", null, null, 1)));
    assertThat(store.find(Kind.PAGE, "w1").orElseThrow().level()).isEqualTo(1);
  }

  @Test
  void aDatabaseOfSchemaThreeKnowsEachContentsFirstImageAndItsSameNamedCopiesAreDuplicates() {
    String db = databaseAtSchema(3);
    // what trawl recorded for the same bytes from http://h/a/x.jpg and http://h/b/x.jpg, and for
    // a picture a killed worker put in place before recording it; another crawl has the same bytes
    String other = crawl + "-other";
    server.sql(
        db,
        "INSERT INTO trawl_content (crawl, sha256, file) VALUES ('"
            + crawl
            + "', 'same', 'x.jpg'), ('"
            + crawl
            + "', 'unrecorded', 'y.jpg'), ('"
            + other
            + "', 'same', 'x.jpg')");
    server.sql(
        db,
        "INSERT INTO trawl_items (crawl, kind, key, url, status, file, sha256) VALUES"
            + String.join(
                ",",
                row(crawl, "http://h/a/x.jpg", "SAVED", "'x.jpg'", "'same'"),
                row(crawl, "http://h/b/x.jpg", "SAVED", "'x.jpg'", "'same'"),
                row(crawl, "http://h/y.jpg", "QUEUED", "NULL", "NULL"),
                row(other, "http://h/b/x.jpg", "SAVED", "'x.jpg'", "'same'")));

    PostgresCrawlStore store = track(PostgresCrawlStore.open(server.url(db), crawl));

    CrawlStoreContract.assertOldSameNamedCopyIsADuplicate(store);
    // each crawl keeps its own first image
    PostgresCrawlStore otherStore = track(PostgresCrawlStore.open(server.url(db), other));
    assertThat(otherStore.find(Kind.IMAGE, "http://h/b/x.jpg").orElseThrow().status())
        .isEqualTo(Status.SAVED);
  }

  /** A new database with the schema {@code version} of an older trawl. */
  private String databaseAtSchema(int version) {
    String db = server.freshDatabase();
    server.sql(
        db,
        "CREATE TABLE trawl_schema_version"
            + " (version int PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
    for (int v = 1; v <= version; v++) {
      PostgresCrawlStore.MIGRATIONS.get(v - 1).forEach(ddl -> server.sql(db, ddl));
      server.sql(db, "INSERT INTO trawl_schema_version (version) VALUES (" + v + ")");
    }
    return db;
  }

  private static String row(String crawl, String key, String status, String file, String sha) {
    return String.format(
        " ('%s', 1, '%s', '%s', '%s', %s, %s)", crawl, key, key, status, file, sha);
  }

  @Test
  void anUnreachableServerIsAStateExceptionWithoutThePassword() {
    assertThatThrownBy(
            () ->
                PostgresCrawlStore.open("postgresql://127.0.0.1:1/db?user=u&password=hunter2", "c"))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("127.0.0.1:1/db")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void aBlankCrawlNameIsRefused() {
    assertThatThrownBy(() -> PostgresCrawlStore.open(server.url(), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("crawl is blank:  ");
  }

  private static List<Long> ids(List<Claim> claims) {
    return claims.stream().map(Claim::id).toList();
  }

  /** Runs {@code n} calls at once (released by one latch); their answers in call order. */
  private static <T> List<T> race(int n, Function<Integer, T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.apply(index);
                }));
      }
      go.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> f : futures) {
        answers.add(f.get(2, TimeUnit.MINUTES));
      }
      return answers;
    } finally {
      pool.shutdown();
    }
  }
}
