package dev.trawl.frontier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link CrawlStore} in memory: nothing survives the process. The reference implementation of the
 * contract, for tests and for crawls that need no resume. Thread-safe (one lock); {@link #finish}
 * applies at once, so {@link #flush} has nothing to wait for.
 */
public final class MemoryCrawlStore implements CrawlStore {
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Long, Item> items = new TreeMap<>();
  private final Map<String, Long> ids = new HashMap<>();
  private final Map<Kind, TreeSet<Long>> open = new EnumMap<>(Kind.class);
  private final Map<Long, String> leaseOwners = new HashMap<>();
  private final Map<Long, Instant> leaseUntil = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, Holder> contents = new HashMap<>();
  private final List<Run> runs = new ArrayList<>();
  private long nextId = 1;
  private boolean closed;

  public MemoryCrawlStore() {
    this(Clock.systemUTC());
  }

  /** A store that reads time (lease expiry, timestamps) from {@code clock}. */
  public MemoryCrawlStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (Kind kind : Kind.values()) {
      open.put(kind, new TreeSet<>());
    }
  }

  @Override
  public long beginRun(String worker, String description) {
    Objects.requireNonNull(worker, "worker");
    lock.lock();
    try {
      checkOpen();
      long id = runs.size() + 1;
      runs.add(new Run(id, worker, now(), null, description));
      return id;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void endRun(long run) {
    lock.lock();
    try {
      checkOpen();
      if (run < 1 || run > runs.size()) {
        throw new IllegalArgumentException("no such run: " + run);
      }
      Run r = runs.get((int) run - 1);
      runs.set((int) run - 1, new Run(r.id(), r.worker(), r.started(), now(), r.description()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Run> runs() {
    lock.lock();
    try {
      checkOpen();
      return List.copyOf(runs);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean[] add(List<Entry> entries) {
    entries.forEach(MemoryCrawlStore::checkEntry);
    lock.lock();
    try {
      checkOpen();
      boolean[] added = new boolean[entries.size()];
      Instant now = now();
      for (int i = 0; i < added.length; i++) {
        Entry e = entries.get(i);
        String k = e.kind() + " " + e.key();
        if (ids.containsKey(k)) {
          continue;
        }
        long id = nextId++;
        ids.put(k, id);
        items.put(
            id,
            new Item(
                id,
                e.kind(),
                e.key(),
                e.url(),
                e.page(),
                e.meta(),
                Status.QUEUED,
                null,
                null,
                0,
                null,
                null,
                null,
                0,
                now,
                null,
                null,
                e.level()));
        open.get(e.kind()).add(id);
        added[i] = true;
      }
      return added;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Claim> claim(String worker, int max, Duration lease) {
    Objects.requireNonNull(worker, "worker");
    if (max < 1) {
      throw new IllegalArgumentException("max < 1: " + max);
    }
    checkLease(lease);
    lock.lock();
    try {
      checkOpen();
      Instant now = now();
      Instant until = now.plus(lease);
      List<Claim> claims = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        for (Long id : open.get(kind)) {
          if (claims.size() == max) {
            return claims;
          }
          Item it = items.get(id);
          if (it.status() == Status.LEASED && leaseUntil.get(id).isAfter(now)) {
            continue;
          }
          items.put(id, withStatus(it, Status.LEASED, now));
          leaseOwners.put(id, worker);
          leaseUntil.put(id, until);
          claims.add(
              new Claim(
                  id, kind, it.key(), it.url(), it.page(), it.meta(), it.attempts(), it.level()));
        }
      }
      return claims;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void renew(String worker, Duration lease) {
    Objects.requireNonNull(worker, "worker");
    checkLease(lease);
    lock.lock();
    try {
      checkOpen();
      Instant until = now().plus(lease);
      leaseOwners.forEach(
          (id, owner) -> {
            if (owner.equals(worker)) {
              leaseUntil.put(id, until);
            }
          });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void finish(List<Result> results) {
    results.forEach(r -> Objects.requireNonNull(r, "result"));
    lock.lock();
    try {
      checkOpen();
      for (Result r : results) {
        Item it = items.get(r.id());
        if (it == null || it.status().isFinal()) {
          continue; // the first final outcome wins
        }
        Instant at = r.at() != null ? r.at() : now();
        items.put(
            r.id(),
            new Item(
                it.id(),
                it.kind(),
                it.key(),
                it.url(),
                it.page(),
                r.meta() != null ? r.meta() : it.meta(),
                r.status(),
                r.finalUrl(),
                r.file(),
                r.bytes(),
                r.sha256(),
                r.contentType(),
                r.reason(),
                r.attempts(),
                millis(at),
                r.etag() != null ? r.etag() : it.etag(),
                r.lastModified() != null ? r.lastModified() : it.lastModified(),
                it.level()));
        dropLease(r.id());
        open.get(it.kind()).remove(r.id());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void flush() {
    lock.lock();
    try {
      checkOpen();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int releaseLeases(boolean all) {
    lock.lock();
    try {
      checkOpen();
      Instant now = now();
      List<Long> expired = new ArrayList<>();
      leaseUntil.forEach(
          (id, until) -> {
            if (all || !until.isAfter(now)) {
              expired.add(id);
            }
          });
      for (Long id : expired) {
        items.put(id, withStatus(items.get(id), Status.QUEUED, now));
        dropLease(id);
      }
      return expired.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int requeue(Kind kind, Status status, String reason) {
    Objects.requireNonNull(kind, "kind");
    if (!status.isFinal()) {
      throw new IllegalArgumentException("not a final status: " + status);
    }
    lock.lock();
    try {
      checkOpen();
      List<Long> matching = new ArrayList<>();
      for (Item it : items.values()) {
        if (it.kind() == kind
            && it.status() == status
            && (reason == null || reason.equals(it.reason()))) {
          matching.add(it.id());
        }
      }
      return requeueLocked(matching);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int requeue(List<Long> ids) {
    ids.forEach(id -> Objects.requireNonNull(id, "id"));
    lock.lock();
    try {
      checkOpen();
      return requeueLocked(ids);
    } finally {
      lock.unlock();
    }
  }

  private int requeueLocked(List<Long> ids) {
    Instant now = now();
    int n = 0;
    for (Long id : ids) {
      Item it = items.get(id);
      if (it != null && it.status().isFinal()) {
        items.put(id, withStatus(it, Status.QUEUED, now));
        open.get(it.kind()).add(id);
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean hasOpenWork() {
    lock.lock();
    try {
      checkOpen();
      Instant now = now();
      for (TreeSet<Long> ids : open.values()) {
        for (Long id : ids) {
          if (items.get(id).status() == Status.QUEUED || leaseUntil.get(id).isAfter(now)) {
            return true;
          }
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Item> find(Kind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      checkOpen();
      Long id = ids.get(kind + " " + key);
      return id == null ? Optional.empty() : Optional.of(items.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void forEach(Kind kind, Status status, Consumer<Item> action) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(action, "action");
    List<Item> matching = new ArrayList<>();
    lock.lock();
    try {
      checkOpen();
      for (Item it : items.values()) {
        if (it.kind() == kind && (status == null || it.status() == status)) {
          matching.add(it);
        }
      }
    } finally {
      lock.unlock();
    }
    matching.forEach(action); // outside the lock: the action may call the store
  }

  @Override
  public Map<Integer, Map<Status, Long>> countsByLevel(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    lock.lock();
    try {
      checkOpen();
      Map<Integer, Map<Status, Long>> counts = new TreeMap<>();
      for (Item it : items.values()) {
        if (it.kind() == kind) {
          counts
              .computeIfAbsent(it.level(), l -> new EnumMap<>(Status.class))
              .merge(it.status(), 1L, Long::sum);
        }
      }
      return counts;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<Status, Long> counts(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    lock.lock();
    try {
      checkOpen();
      Map<Status, Long> counts = new EnumMap<>(Status.class);
      for (Item it : items.values()) {
        if (it.kind() == kind) {
          counts.merge(it.status(), 1L, Long::sum);
        }
      }
      return counts;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, Long> failureReasons(Kind kind) {
    Objects.requireNonNull(kind, "kind");
    lock.lock();
    try {
      checkOpen();
      Map<String, Long> reasons = new TreeMap<>();
      for (Item it : items.values()) {
        if (it.kind() == kind && it.status() == Status.FAILED) {
          reasons.merge(it.reason() != null ? it.reason() : UNKNOWN_REASON, 1L, Long::sum);
        }
      }
      return reasons;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Holder> claimName(String sha256, String file, String item) {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      checkOpen();
      Holder holder = contents.get(sha256);
      if (holder != null) {
        return Optional.of(holder);
      }
      if (!names.add(file.toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
      holder = new Holder(file, item);
      contents.put(sha256, holder);
      return Optional.of(holder);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private void dropLease(long id) {
    leaseOwners.remove(id);
    leaseUntil.remove(id);
  }

  private Instant now() {
    return millis(clock.instant());
  }

  private static Instant millis(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  private static Item withStatus(Item it, Status status, Instant at) {
    return new Item(
        it.id(),
        it.kind(),
        it.key(),
        it.url(),
        it.page(),
        it.meta(),
        status,
        it.finalUrl(),
        it.file(),
        it.bytes(),
        it.sha256(),
        it.contentType(),
        it.reason(),
        it.attempts(),
        at,
        it.etag(),
        it.lastModified(),
        it.level());
  }

  static void checkEntry(Entry e) {
    Objects.requireNonNull(e, "entry");
    Objects.requireNonNull(e.kind(), "kind");
    Objects.requireNonNull(e.key(), "key");
    Objects.requireNonNull(e.url(), "url");
  }

  static void checkLease(Duration lease) {
    if (lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease <= 0: " + lease);
    }
  }
}
