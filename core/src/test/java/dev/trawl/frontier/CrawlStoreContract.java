package dev.trawl.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.CrawlStore.Item;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.NameClaim;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Run;
import dev.trawl.frontier.CrawlStore.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link CrawlStore} contract: every store passes it. A subclass supplies a fresh, empty store
 * and, when the store persists, a way to reopen it over the same state.
 *
 * <p>Leases use real time: short leases ({@link #SHORT}) with generous waits ({@link #PATIENCE}).
 */
public abstract class CrawlStoreContract {
  protected static final Duration LONG = Duration.ofMinutes(10);
  protected static final Duration SHORT = Duration.ofMillis(200);
  protected static final Duration PATIENCE = Duration.ofSeconds(20);
  protected static final Instant AT = Instant.parse("2025-06-01T12:00:00.123Z");

  protected CrawlStore store;

  /** A new, empty store. */
  protected abstract CrawlStore newStore() throws Exception;

  /**
   * Closes {@code store} and opens the same state again; stores that keep nothing across a close do
   * not override this, and the persistence tests are skipped for them.
   */
  protected CrawlStore reopen(CrawlStore store) throws Exception {
    Assumptions.abort("the store does not persist");
    return store;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- add

  @Test
  void addQueuesNewEntriesWithUrlPageAndMeta() {
    boolean[] added =
        store.add(
            List.of(new Entry(Kind.IMAGE, "k1", "https://a.test/1.jpg", "https://a.test/", "m")));

    assertThat(added).containsExactly(true);
    Item item = store.find(Kind.IMAGE, "k1").orElseThrow();
    assertThat(item.kind()).isEqualTo(Kind.IMAGE);
    assertThat(item.key()).isEqualTo("k1");
    assertThat(item.url()).isEqualTo("https://a.test/1.jpg");
    assertThat(item.page()).isEqualTo("https://a.test/");
    assertThat(item.meta()).isEqualTo("m");
    assertThat(item.status()).isEqualTo(Status.QUEUED);
    assertThat(item.attempts()).isZero();
  }

  @Test
  void anEntrysLevelIsKeptAndClaimedWithIt() {
    store.add(
        List.of(
            new Entry(Kind.PAGE, "listing", "https://a.test/", null, null, 0),
            new Entry(Kind.PAGE, "work", "https://a.test/w/1", null, null, 1),
            new Entry(Kind.IMAGE, "pic", "https://a.test/1.png", "https://a.test/w/1", null, 1)));

    List<Claim> claims = store.claim("w1", 10, LONG);

    assertThat(claims).extracting(Claim::key).containsExactly("listing", "work", "pic");
    assertThat(claims).extracting(Claim::level).containsExactly(0, 1, 1);
    assertThat(store.find(Kind.PAGE, "work").orElseThrow().level()).isEqualTo(1);
  }

  @Test
  void countsByLevelCountsEachLevelsStatuses() {
    store.add(
        List.of(
            new Entry(Kind.PAGE, "l1", "https://a.test/1", null, null, 0),
            new Entry(Kind.PAGE, "w1", "https://a.test/w/1", null, null, 1),
            new Entry(Kind.PAGE, "w2", "https://a.test/w/2", null, null, 1)));
    Claim first = store.claim("w1", 1, LONG).get(0);
    store.finish(List.of(done(first.id(), null, null, null)));
    store.flush();

    assertThat(store.countsByLevel(Kind.PAGE))
        .isEqualTo(Map.of(0, Map.of(Status.DONE, 1L), 1, Map.of(Status.QUEUED, 2L)));
    assertThat(store.countsByLevel(Kind.IMAGE)).isEmpty();
  }

  @Test
  void aNegativeLevelIsRefused() {
    assertThatThrownBy(() -> new Entry(Kind.PAGE, "k", "https://a.test/", null, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level < 0: -1");
  }

  @Test
  void addReturnsFalseForAKnownKindAndKey() {
    store.add(List.of(image("k1")));

    boolean[] added = store.add(List.of(image("k2"), image("k1"), image("k3")));

    assertThat(added).containsExactly(true, false, true);
  }

  @Test
  void addKeepsTheFirstEntryForAKnownKey() {
    store.add(List.of(new Entry(Kind.IMAGE, "k1", "https://a.test/first", null, "first")));

    store.add(List.of(new Entry(Kind.IMAGE, "k1", "https://a.test/second", null, "second")));

    Item item = store.find(Kind.IMAGE, "k1").orElseThrow();
    assertThat(item.url()).isEqualTo("https://a.test/first");
    assertThat(item.meta()).isEqualTo("first");
  }

  @Test
  void addReturnsFalseForARepeatWithinOneCall() {
    boolean[] added = store.add(List.of(image("k1"), image("k1")));

    assertThat(added).containsExactly(true, false);
  }

  @Test
  void addOfAHundredEntriesFlagsTheFirstOfEachNewKeyOnly() {
    store.add(List.of(image("k7"), image("k70")));
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(image("k" + (i == 99 ? 5 : i))); // k5 twice, k7 and k70 known
    }

    boolean[] added = store.add(entries);

    for (int i = 0; i < 100; i++) {
      assertThat(added[i]).as("entry %d", i).isEqualTo(i != 7 && i != 70 && i != 99);
    }
    assertThat(store.counts(Kind.IMAGE)).containsEntry(Status.QUEUED, 99L);
  }

  @Test
  void addTreatsTheSameKeyOfTheOtherKindAsNew() {
    store.add(List.of(page("k1")));

    boolean[] added = store.add(List.of(image("k1")));

    assertThat(added).containsExactly(true);
    assertThat(store.find(Kind.PAGE, "k1").orElseThrow().id())
        .isNotEqualTo(store.find(Kind.IMAGE, "k1").orElseThrow().id());
  }

  @Test
  void addOfNothingReturnsNoFlags() {
    assertThat(store.add(List.of())).isEmpty();
  }

  @Test
  void addRejectsAnEntryWithoutKey() {
    assertThatThrownBy(() -> store.add(List.of(new Entry(Kind.IMAGE, null, "u", null, null))))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- claim

  @Test
  void claimLeasesPagesBeforeImages() {
    store.add(List.of(image("i1"), page("p1"), image("i2"), page("p2")));

    List<Claim> claims = store.claim("w", 10, LONG);

    assertThat(claims).extracting(Claim::key).containsExactly("p1", "p2", "i1", "i2");
  }

  @Test
  void claimTakesTheOldestFirst() {
    store.add(List.of(image("i1"), image("i2")));
    store.add(List.of(image("i3")));

    assertThat(store.claim("w", 1, LONG)).extracting(Claim::key).containsExactly("i1");
    assertThat(store.claim("w", 1, LONG)).extracting(Claim::key).containsExactly("i2");
    assertThat(store.claim("w", 1, LONG)).extracting(Claim::key).containsExactly("i3");
  }

  @Test
  void claimReturnsAtMostMax() {
    store.add(List.of(image("i1"), image("i2"), image("i3")));

    assertThat(store.claim("w", 2, LONG)).hasSize(2);
  }

  @Test
  void claimMarksEntriesLeased() {
    store.add(List.of(image("i1")));

    store.claim("w", 1, LONG);

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.LEASED);
  }

  @Test
  void claimOfManyLeasesEachClaimedEntryAndNoOther() {
    store.add(images(90));

    List<Claim> claims = store.claim("w", 85, LONG);

    assertThat(claims).hasSize(85);
    for (Claim c : claims) {
      assertThat(store.find(Kind.IMAGE, c.key()).orElseThrow().status())
          .as(c.key())
          .isEqualTo(Status.LEASED);
    }
    assertThat(store.counts(Kind.IMAGE))
        .containsEntry(Status.LEASED, 85L)
        .containsEntry(Status.QUEUED, 5L);
  }

  @Test
  void claimCarriesTheStoredEntry() {
    store.add(List.of(new Entry(Kind.IMAGE, "k1", "https://a.test/1.jpg", "https://a.test/", "m")));
    long id = store.find(Kind.IMAGE, "k1").orElseThrow().id();

    Claim claim = store.claim("w", 1, LONG).get(0);

    assertThat(claim)
        .isEqualTo(
            new Claim(id, Kind.IMAGE, "k1", "https://a.test/1.jpg", "https://a.test/", "m", 0, 0));
  }

  @Test
  void claimCarriesAttemptsOfEarlierLeases() {
    store.add(List.of(image("i1")));
    Claim first = store.claim("w", 1, LONG).get(0);
    store.finish(List.of(failed(first.id(), "timeout", 3)));
    store.requeue(List.of(first.id()));

    Claim second = store.claim("w", 1, LONG).get(0);

    assertThat(second.attempts()).isEqualTo(3);
  }

  @Test
  void claimChangesNoAttempts() {
    store.add(List.of(image("i1")));
    store.claim("w", 1, LONG);
    store.releaseLeases(true);

    Claim again = store.claim("w", 1, LONG).get(0);

    assertThat(again.attempts()).isZero();
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().attempts()).isZero();
  }

  @Test
  void claimReturnsNothingWhenNothingIsQueued() {
    assertThat(store.claim("w", 10, LONG)).isEmpty();
  }

  @Test
  void aClaimedEntryIsNotClaimedAgainWhileItsLeaseLasts() {
    store.add(List.of(image("i1"), image("i2")));
    store.claim("w1", 1, LONG);

    List<Claim> claims = store.claim("w2", 10, LONG);

    assertThat(claims).extracting(Claim::key).containsExactly("i2");
  }

  @Test
  void aClaimedEntryIsClaimedAgainAfterItsLeaseExpires() {
    store.add(List.of(image("i1")));
    long id = store.claim("w1", 1, SHORT).get(0).id();

    List<Claim> again = new ArrayList<>();
    await().atMost(PATIENCE).until(() -> again.addAll(store.claim("w2", 1, LONG)));

    assertThat(again).extracting(Claim::id).containsExactly(id);
  }

  @Test
  void claimRejectsMaxBelowOne() {
    assertThatThrownBy(() -> store.claim("w", 0, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void claimRejectsALeaseThatIsNotPositive() {
    assertThatThrownBy(() -> store.claim("w", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- renew

  @Test
  void renewExtendsOnlyTheLeasesOfThatWorker() {
    store.add(List.of(image("a"), image("b")));
    store.claim("w1", 1, SHORT);
    store.claim("w2", 1, SHORT);

    store.renew("w1", LONG);

    // w2's lease began after w1's first lease, so once it has expired, w1's would have too
    AtomicInteger released = new AtomicInteger();
    await().atMost(PATIENCE).until(() -> released.addAndGet(store.releaseLeases(false)) >= 1);
    assertThat(released).hasValue(1);
    assertThat(store.find(Kind.IMAGE, "a").orElseThrow().status()).isEqualTo(Status.LEASED);
    assertThat(store.find(Kind.IMAGE, "b").orElseThrow().status()).isEqualTo(Status.QUEUED);
  }

  // ---- finish and flush

  @Test
  void finishMakesTheEntryFinalAndStoresEveryField() {
    store.add(List.of(new Entry(Kind.IMAGE, "k1", "https://a.test/1", "https://a.test/", "m0")));
    long id = store.claim("w", 1, LONG).get(0).id();

    store.finish(
        List.of(
            new Result(
                id,
                Status.SAVED,
                "https://cdn.test/1.jpg",
                "1.jpg",
                1234,
                "ab12",
                "image/jpeg",
                null,
                2,
                AT,
                "m1",
                "\"e1\"",
                "Sun, 01 Jun 2025 12:00:00 GMT")));
    store.flush();

    assertThat(store.find(Kind.IMAGE, "k1"))
        .contains(
            new Item(
                id,
                Kind.IMAGE,
                "k1",
                "https://a.test/1",
                "https://a.test/",
                "m1",
                Status.SAVED,
                "https://cdn.test/1.jpg",
                "1.jpg",
                1234,
                "ab12",
                "image/jpeg",
                null,
                2,
                AT,
                "\"e1\"",
                "Sun, 01 Jun 2025 12:00:00 GMT",
                0));
  }

  @Test
  void finishKeepsMetaEtagAndLastModifiedWhenTheResultHasNone() {
    store.add(List.of(new Entry(Kind.PAGE, "p1", "https://a.test/", null, "m0")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(done(id, "m1", "e1", "lm1")));
    store.requeue(List.of(id));
    store.claim("w", 1, LONG);

    store.finish(List.of(done(id, null, null, null)));
    store.flush();

    Item item = store.find(Kind.PAGE, "p1").orElseThrow();
    assertThat(item.meta()).isEqualTo("m1");
    assertThat(item.etag()).isEqualTo("e1");
    assertThat(item.lastModified()).isEqualTo("lm1");
  }

  @Test
  void finishReplacesMetaEtagAndLastModifiedWhenTheResultHasThem() {
    store.add(List.of(new Entry(Kind.PAGE, "p1", "https://a.test/", null, "m0")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(done(id, "m1", "e1", "lm1")));
    store.requeue(List.of(id));
    store.claim("w", 1, LONG);

    store.finish(List.of(done(id, "m2", "e2", "lm2")));
    store.flush();

    Item item = store.find(Kind.PAGE, "p1").orElseThrow();
    assertThat(item.meta()).isEqualTo("m2");
    assertThat(item.etag()).isEqualTo("e2");
    assertThat(item.lastModified()).isEqualTo("lm2");
  }

  @Test
  void finishIgnoresAnEntryThatIsAlreadyFinal() {
    store.add(List.of(image("i1")));
    long id = store.claim("w1", 1, LONG).get(0).id();
    store.finish(List.of(saved(id, "first.jpg", "h1")));

    store.finish(List.of(failed(id, "late", 9)));
    store.flush();

    Item item = store.find(Kind.IMAGE, "i1").orElseThrow();
    assertThat(item.status()).isEqualTo(Status.SAVED);
    assertThat(item.file()).isEqualTo("first.jpg");
  }

  @Test
  void finishOfManyResultsRecordsEachAndTheFirstOutcomeOfARepeatedEntry() {
    store.add(images(90));
    List<Claim> claims = store.claim("w", 90, LONG);
    List<Result> results = new ArrayList<>();
    for (Claim c : claims) {
      results.add(saved(c.id(), c.key() + ".jpg", "h" + c.key()));
    }
    results.add(40, failed(claims.get(60).id(), "late", 2)); // before the entry's own result

    store.finish(results);
    store.flush();

    for (Claim c : claims) {
      Item item = store.find(Kind.IMAGE, c.key()).orElseThrow();
      if (c == claims.get(60)) {
        assertThat(item.status()).isEqualTo(Status.FAILED);
        assertThat(item.reason()).isEqualTo("late");
      } else {
        assertThat(item.status()).as(c.key()).isEqualTo(Status.SAVED);
        assertThat(item.file()).isEqualTo(c.key() + ".jpg");
        assertThat(item.sha256()).isEqualTo("h" + c.key());
      }
    }
  }

  @Test
  void finishRecordsAnOutcomeForAnEntryLeasedByAnotherWorker() {
    store.add(List.of(image("i1")));
    long id = store.claim("w1", 1, SHORT).get(0).id();
    await().atMost(PATIENCE).until(() -> !store.claim("w2", 1, LONG).isEmpty());

    store.finish(List.of(saved(id, "by-w1.jpg", "h1")));
    store.flush();

    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().file()).isEqualTo("by-w1.jpg");
  }

  @Test
  void aFinishedEntryIsNotClaimedAgain() {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, SHORT).get(0).id();

    store.finish(List.of(saved(id, "i1.jpg", "h1")));
    store.flush();

    assertThat(store.releaseLeases(true)).isZero();
    assertThat(store.claim("w", 10, LONG)).isEmpty();
  }

  @Test
  void flushMakesFinishDurable() throws Exception {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(saved(id, "i1.jpg", "h1")));

    store.flush();
    store = reopen(store);

    Item item = store.find(Kind.IMAGE, "i1").orElseThrow();
    assertThat(item.status()).isEqualTo(Status.SAVED);
    assertThat(item.file()).isEqualTo("i1.jpg");
  }

  @Test
  void reopenKeepsEntriesLeasesRunsNamesAndContents() throws Exception {
    long run = store.beginRun("w", "first run");
    store.add(List.of(page("p1"), image("i1")));
    store.claim("w", 1, LONG);
    store.claimName("h1", "a.jpg", "i1");
    store.flush();

    store = reopen(store);

    assertThat(store.runs()).extracting(Run::id).containsExactly(run);
    assertThat(store.find(Kind.PAGE, "p1").orElseThrow().status()).isEqualTo(Status.LEASED);
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.QUEUED);
    assertThat(store.claimName("h2", "A.jpg", "i2")).isEmpty();
    assertThat(store.claimName("h1", "b.jpg", "i2")).contains(new Holder("a.jpg", "i1"));
    assertThat(store.add(List.of(image("i1")))).containsExactly(false);
  }

  // ---- releaseLeases

  @Test
  void releaseLeasesAllQueuesEveryLeasedEntry() {
    store.add(List.of(image("i1"), image("i2"), image("i3")));
    store.claim("w1", 1, LONG);
    store.claim("w2", 1, LONG);

    int released = store.releaseLeases(true);

    assertThat(released).isEqualTo(2);
    assertThat(store.counts(Kind.IMAGE)).containsExactlyEntriesOf(Map.of(Status.QUEUED, 3L));
    assertThat(store.claim("w3", 10, LONG)).hasSize(3);
  }

  @Test
  void releaseLeasesExpiredQueuesOnlyExpiredLeases() {
    store.add(List.of(image("i1"), image("i2")));
    store.claim("w", 1, SHORT);
    store.claim("w", 1, LONG);

    AtomicInteger released = new AtomicInteger();
    await().atMost(PATIENCE).until(() -> released.addAndGet(store.releaseLeases(false)) >= 1);

    assertThat(released).hasValue(1);
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.QUEUED);
    assertThat(store.find(Kind.IMAGE, "i2").orElseThrow().status()).isEqualTo(Status.LEASED);
  }

  @Test
  void releaseLeasesLeavesFinalEntriesAlone() {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(saved(id, "i1.jpg", "h1")));
    store.flush();

    assertThat(store.releaseLeases(true)).isZero();
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.SAVED);
  }

  // ---- requeue

  @Test
  void requeueQueuesTheFinalEntriesOfThatKindAndStatus() {
    store.add(List.of(image("i1"), image("i2"), image("i3"), page("p1")));
    List<Claim> claims = store.claim("w", 10, LONG);
    store.finish(
        List.of(
            failed(claims.get(0).id(), "http 500", 1),
            failed(claims.get(1).id(), "timeout", 1),
            saved(claims.get(2).id(), "i2.jpg", "h2"),
            failed(claims.get(3).id(), "timeout", 1)));
    store.flush();

    int queued = store.requeue(Kind.IMAGE, Status.FAILED, null);

    assertThat(queued).isEqualTo(2);
    assertThat(store.counts(Kind.IMAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of(Status.QUEUED, 2L, Status.SAVED, 1L));
    assertThat(store.counts(Kind.PAGE)).containsExactlyEntriesOf(Map.of(Status.FAILED, 1L));
  }

  @Test
  void requeueWithAReasonQueuesOnlyEntriesWithThatReason() {
    store.add(List.of(image("i1"), image("i2")));
    List<Claim> claims = store.claim("w", 10, LONG);
    store.finish(
        List.of(
            failed(claims.get(0).id(), "http 404", 1), failed(claims.get(1).id(), "timeout", 1)));
    store.flush();

    int queued = store.requeue(Kind.IMAGE, Status.FAILED, "timeout");

    assertThat(queued).isEqualTo(1);
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(store.find(Kind.IMAGE, "i2").orElseThrow().status()).isEqualTo(Status.QUEUED);
  }

  @Test
  void requeueKeepsAttempts() {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(failed(id, "timeout", 4)));
    store.flush();

    store.requeue(Kind.IMAGE, Status.FAILED, null);

    Item item = store.find(Kind.IMAGE, "i1").orElseThrow();
    assertThat(item.status()).isEqualTo(Status.QUEUED);
    assertThat(item.attempts()).isEqualTo(4);
  }

  @Test
  void requeueRejectsAnOpenStatus() {
    assertThatThrownBy(() -> store.requeue(Kind.IMAGE, Status.LEASED, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LEASED");
  }

  @Test
  void requeueByIdsQueuesThoseFinalEntries() {
    store.add(List.of(image("i1"), image("i2")));
    List<Claim> claims = store.claim("w", 10, LONG);
    store.finish(
        List.of(
            saved(claims.get(0).id(), "1.jpg", "h1"), saved(claims.get(1).id(), "2.jpg", "h2")));
    store.flush();

    int queued = store.requeue(List.of(claims.get(1).id()));

    assertThat(queued).isEqualTo(1);
    assertThat(store.claim("w", 10, LONG)).extracting(Claim::key).containsExactly("i2");
  }

  @Test
  void requeueByIdsIgnoresOpenAndUnknownEntries() {
    store.add(List.of(image("i1"), image("i2")));
    long leased = store.claim("w", 1, LONG).get(0).id();
    long queued = store.find(Kind.IMAGE, "i2").orElseThrow().id();

    int n = store.requeue(List.of(leased, queued, 999_999L));

    assertThat(n).isZero();
    assertThat(store.find(Kind.IMAGE, "i1").orElseThrow().status()).isEqualTo(Status.LEASED);
  }

  // ---- hasOpenWork

  @Test
  void anEmptyStoreHasNoOpenWork() {
    assertThat(store.hasOpenWork()).isFalse();
  }

  @Test
  void aQueuedEntryIsOpenWork() {
    store.add(List.of(image("i1")));

    assertThat(store.hasOpenWork()).isTrue();
  }

  @Test
  void aLeasedEntryIsOpenWork() {
    store.add(List.of(image("i1")));
    store.claim("w", 1, LONG);

    assertThat(store.hasOpenWork()).isTrue();
  }

  @Test
  void finalEntriesAreNoOpenWork() {
    store.add(List.of(image("i1"), page("p1")));
    List<Claim> claims = store.claim("w", 10, LONG);
    store.finish(List.of(done(claims.get(0).id(), null, null, null)));
    store.finish(List.of(saved(claims.get(1).id(), "1.jpg", "h1")));
    store.flush();

    assertThat(store.hasOpenWork()).isFalse();
  }

  @Test
  void anExpiredLeaseIsNoOpenWork() {
    store.add(List.of(image("i1")));
    store.claim("w", 1, SHORT);

    await().atMost(PATIENCE).until(() -> !store.hasOpenWork());
  }

  // ---- find, forEach, counts, failureReasons

  @Test
  void findReturnsEmptyForAnUnknownKey() {
    store.add(List.of(image("i1")));

    assertThat(store.find(Kind.IMAGE, "nope")).isEmpty();
    assertThat(store.find(Kind.PAGE, "i1")).isEmpty();
  }

  @Test
  void forEachVisitsEveryEntryOfTheKindInIdOrder() {
    store.add(List.of(image("i3"), page("p1"), image("i1")));
    store.add(List.of(image("i2")));

    List<String> keys = new ArrayList<>();
    store.forEach(Kind.IMAGE, null, item -> keys.add(item.key()));

    assertThat(keys).containsExactly("i3", "i1", "i2");
  }

  @Test
  void forEachVisitsOnlyTheGivenStatus() {
    store.add(List.of(image("i1"), image("i2"), image("i3")));
    store.claim("w", 1, LONG);

    List<String> keys = new ArrayList<>();
    store.forEach(Kind.IMAGE, Status.QUEUED, item -> keys.add(item.key()));

    assertThat(keys).containsExactly("i2", "i3");
  }

  @Test
  void forEachActionMayWriteToTheStore() {
    store.add(List.of(image("i1"), image("i2")));
    List<Claim> claims = store.claim("w", 10, LONG);
    store.finish(
        List.of(
            saved(claims.get(0).id(), "1.jpg", "h1"), saved(claims.get(1).id(), "2.jpg", "h2")));
    store.flush();

    AtomicInteger requeued = new AtomicInteger();
    store.forEach(
        Kind.IMAGE, Status.SAVED, item -> requeued.addAndGet(store.requeue(List.of(item.id()))));

    assertThat(requeued).hasValue(2);
    assertThat(store.counts(Kind.IMAGE)).containsExactlyEntriesOf(Map.of(Status.QUEUED, 2L));
  }

  @Test
  void countsCountEntriesOfTheKindByStatusAndOmitAbsentStatuses() {
    store.add(List.of(image("i1"), image("i2"), image("i3"), page("p1")));
    List<Claim> claims = store.claim("w", 2, LONG);
    store.finish(List.of(done(claims.get(0).id(), null, null, null)));
    store.flush();

    assertThat(store.counts(Kind.IMAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of(Status.QUEUED, 2L, Status.LEASED, 1L));
    assertThat(store.counts(Kind.PAGE)).containsExactlyEntriesOf(Map.of(Status.DONE, 1L));
  }

  @Test
  void countsOfAnEmptyStoreAreEmpty() {
    assertThat(store.counts(Kind.IMAGE)).isEmpty();
  }

  @Test
  void failureReasonsCountFailedEntriesOfTheKindByReason() {
    store.add(List.of(image("i1"), image("i2"), image("i3"), image("i4"), page("p1")));
    List<Claim> c = store.claim("w", 10, LONG);
    store.finish(
        List.of(
            failed(c.get(0).id(), "timeout", 1),
            failed(c.get(1).id(), "http 404", 1),
            failed(c.get(2).id(), "timeout", 1),
            failed(c.get(3).id(), "timeout", 1),
            new Result(
                c.get(4).id(),
                Status.SKIPPED,
                null,
                null,
                0,
                null,
                null,
                "robots",
                0,
                AT,
                null,
                null,
                null)));
    store.flush();

    assertThat(store.failureReasons(Kind.IMAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of("timeout", 2L, "http 404", 1L));
    assertThat(store.failureReasons(Kind.PAGE)).containsExactlyEntriesOf(Map.of("timeout", 1L));
  }

  @Test
  void failureReasonsCountAMissingReasonAsUnknown() {
    store.add(List.of(image("i1")));
    long id = store.claim("w", 1, LONG).get(0).id();
    store.finish(List.of(failed(id, null, 1)));
    store.flush();

    assertThat(store.failureReasons(Kind.IMAGE))
        .containsExactlyEntriesOf(Map.of(CrawlStore.UNKNOWN_REASON, 1L));
  }

  // ---- claimName

  @Test
  void claimNameGivesNewBytesTheNameTheyAskForAndTheirItem() {
    assertThat(store.claimName("h1", "a.jpg", "i1")).contains(new Holder("a.jpg", "i1"));
    assertThat(store.claimName("h2", "b.jpg", "i2")).contains(new Holder("b.jpg", "i2"));
  }

  @Test
  void claimNameGivesKnownBytesTheirFileAndFirstItemWhateverNameTheyAskFor() {
    store.claimName("h1", "a.jpg", "i1");

    assertThat(store.claimName("h1", "b.jpg", "i2")).contains(new Holder("a.jpg", "i1"));
    assertThat(store.claimName("h1", "a.jpg", "i3")).contains(new Holder("a.jpg", "i1"));
    assertThat(store.claimName("h1", "a.jpg", "i1")).contains(new Holder("a.jpg", "i1"));
  }

  @Test
  void claimNameRefusesANameOtherBytesHoldIgnoringCase() {
    store.claimName("h1", "Photo.JPG", "i1");

    assertThat(store.claimName("h2", "photo.jpg", "i2")).isEmpty();
    assertThat(store.claimName("h2", "photo-2.jpg", "i2"))
        .contains(new Holder("photo-2.jpg", "i2"));
  }

  @Test
  void aRefusedNameLeavesTheBytesUnplaced() {
    store.claimName("h1", "a.jpg", "i1");
    store.claimName("h2", "a.jpg", "i2");

    assertThat(store.claimName("h2", "b.jpg", "i3")).contains(new Holder("b.jpg", "i3"));
  }

  @Test
  void claimNamesInOneCallGiveTheSecondOfTheSameBytesTheFirstOnesFileAndItem() {
    List<Optional<Holder>> answers =
        store.claimNames(
            List.of(
                new NameClaim("same", "x.jpg", "a/x"),
                new NameClaim("other", "y.jpg", "y"),
                new NameClaim("same", "x.jpg", "b/x")));

    assertThat(answers)
        .containsExactly(
            Optional.of(new Holder("x.jpg", "a/x")),
            Optional.of(new Holder("y.jpg", "y")),
            Optional.of(new Holder("x.jpg", "a/x")));
  }

  @Test
  @Timeout(60)
  void claimNameGivesConcurrentCallersWithTheSameBytesOneFileAndOneItem() throws Exception {
    List<Optional<Holder>> answers =
        race(16, i -> store.claimName("same", "file" + i + ".jpg", "i" + i));

    assertThat(answers).allMatch(Optional::isPresent);
    assertThat(answers.stream().map(Optional::get).distinct()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void claimNameGivesANameToOneOfConcurrentContents() throws Exception {
    List<Optional<Holder>> answers =
        race(16, i -> store.claimName("sha" + i, i % 2 == 0 ? "x.jpg" : "X.JPG", "i" + i));

    assertThat(answers).filteredOn(Optional::isPresent).hasSize(1);
  }

  // ---- runs

  @Test
  void beginRunRecordsWorkerDescriptionAndStart() {
    Instant before = Instant.now().minusMillis(1);

    long id = store.beginRun("host-1", "trawl get https://a.test/");

    Run run = store.runs().get(0);
    assertThat(run.id()).isEqualTo(id);
    assertThat(run.worker()).isEqualTo("host-1");
    assertThat(run.description()).isEqualTo("trawl get https://a.test/");
    assertThat(run.started()).isBetween(before, Instant.now());
    assertThat(run.ended()).isNull();
  }

  @Test
  void endRunRecordsTheEnd() {
    long id = store.beginRun("w", "d");
    Instant before = Instant.now().minusMillis(1);

    store.endRun(id);

    assertThat(store.runs().get(0).ended()).isBetween(before, Instant.now());
  }

  @Test
  void runsListsEveryRunOldestFirst() {
    long first = store.beginRun("w", "one");
    long second = store.beginRun("w", "two");
    store.endRun(first);

    assertThat(store.runs()).extracting(Run::id).containsExactly(first, second);
    assertThat(store.runs()).extracting(Run::description).containsExactly("one", "two");
  }

  // ---- concurrency

  @Test
  @Timeout(120)
  void concurrentWorkersFinishEveryEntryExactlyOnce() throws Exception {
    int entries = 2000;
    int threads = 8;
    Set<Long> claimed = ConcurrentHashMap.newKeySet();
    Set<Long> twice = ConcurrentHashMap.newKeySet();
    AtomicInteger added = new AtomicInteger();
    CountDownLatch adding = new CountDownLatch(threads);
    race(
        threads,
        t -> {
          // every thread adds every entry, in its own order of batches: exactly one add wins each
          for (int b = 0; b < entries / 40; b++) {
            int batch = (b + t * 7) % (entries / 40);
            List<Entry> list = new ArrayList<>();
            for (int i = batch * 40; i < batch * 40 + 40; i++) {
              list.add(i % 10 == 0 ? page("k" + i) : image("k" + i));
            }
            for (boolean a : store.add(list)) {
              added.addAndGet(a ? 1 : 0);
            }
            work(t, claimed, twice);
          }
          adding.countDown();
          while (adding.getCount() > 0 || store.hasOpenWork()) {
            if (!work(t, claimed, twice)) {
              Thread.sleep(1);
            }
          }
          return null;
        });
    store.flush();

    assertThat(added).hasValue(entries);
    assertThat(twice).isEmpty();
    assertThat(claimed).hasSize(entries);
    assertThat(store.counts(Kind.IMAGE)).containsExactlyEntriesOf(Map.of(Status.SAVED, 1800L));
    assertThat(store.counts(Kind.PAGE)).containsExactlyEntriesOf(Map.of(Status.DONE, 200L));
    assertThat(store.hasOpenWork()).isFalse();
  }

  private boolean work(int worker, Set<Long> claimed, Set<Long> twice) {
    List<Claim> claims = store.claim("w" + worker, 7, LONG);
    List<Result> results = new ArrayList<>();
    for (Claim c : claims) {
      if (!claimed.add(c.id())) {
        twice.add(c.id());
      }
      results.add(
          c.kind() == Kind.PAGE
              ? done(c.id(), null, null, null)
              : saved(c.id(), c.key() + ".jpg", "h" + c.key()));
    }
    store.finish(results);
    return !claims.isEmpty();
  }

  // ---- helpers

  /** A call made by thread {@code i} of a race. */
  protected interface Racer<T> {
    T call(int i) throws Exception;
  }

  /** Runs {@code n} calls at once (released together) and returns their answers in thread order. */
  protected static <T> List<T> race(int n, Racer<T> racer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return racer.call(index);
                }));
      }
      ready.await();
      go.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> f : futures) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What a state an older trawl wrote says once this trawl opened it: it held the bytes "same"
   * saved from http://h/a/x.jpg, then again as saved from http://h/b/x.jpg (both under x.jpg), and
   * the bytes "unrecorded" under y.jpg, placed for an image no run recorded (http://h/y.jpg
   * queued).
   */
  public static void assertOldSameNamedCopyIsADuplicate(CrawlStore store) {
    assertThat(store.find(Kind.IMAGE, "http://h/a/x.jpg").orElseThrow().status())
        .isEqualTo(Status.SAVED);
    Item copy = store.find(Kind.IMAGE, "http://h/b/x.jpg").orElseThrow();
    assertThat(copy.status()).isEqualTo(Status.DUPLICATE);
    assertThat(copy.reason()).isEqualTo("same bytes as x.jpg");
    assertThat(copy.file()).isEqualTo("x.jpg");
    assertThat(store.claimName("same", "x.jpg", "http://h/c/x.jpg"))
        .contains(new Holder("x.jpg", "http://h/a/x.jpg"));
    // the unrecorded picture goes to the first image that claims its bytes, for good
    assertThat(store.claimName("unrecorded", "y.jpg", "http://h/y.jpg"))
        .contains(new Holder("y.jpg", "http://h/y.jpg"));
    assertThat(store.claimName("unrecorded", "y.jpg", "http://h/z/y.jpg"))
        .contains(new Holder("y.jpg", "http://h/y.jpg"));
  }

  protected static Entry image(String key) {
    return new Entry(Kind.IMAGE, key, "https://a.test/img/" + key, "https://a.test/", null);
  }

  /** Image entries with the keys i0 to i{n-1}. */
  protected static List<Entry> images(int n) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(image("i" + i));
    }
    return entries;
  }

  protected static Entry page(String key) {
    return new Entry(Kind.PAGE, key, "https://a.test/page/" + key, null, null);
  }

  protected static Result saved(long id, String file, String sha256) {
    return new Result(
        id, Status.SAVED, null, file, 100, sha256, "image/jpeg", null, 1, AT, null, null, null);
  }

  protected static Result failed(long id, String reason, int attempts) {
    return new Result(
        id, Status.FAILED, null, null, 0, null, null, reason, attempts, AT, null, null, null);
  }

  protected static Result done(long id, String meta, String etag, String lastModified) {
    return new Result(
        id, Status.DONE, null, null, 0, null, "text/html", null, 1, AT, meta, etag, lastModified);
  }
}
