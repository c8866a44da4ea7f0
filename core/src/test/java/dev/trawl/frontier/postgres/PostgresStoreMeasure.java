package dev.trawl.frontier.postgres;

import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's overhead, for docs/benchmarks.md (a measurement, not a test): statement latencies
 * with claim and finish batches of 32, worker throughput on the store alone, and 1M entries. Run
 * with the test classpath; argument {@code durable} turns fsync and synchronous_commit on (the
 * embedded server's defaults turn them off).
 */
public final class PostgresStoreMeasure {
  private static final int BATCH = 32;
  private static final Duration LEASE = Duration.ofMinutes(5);

  private PostgresStoreMeasure() {}

  public static void main(String[] args) throws Exception {
    boolean durable = args.length > 0 && args[0].equals("durable");
    int million = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (durable) {
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
    try (EmbeddedPostgres pg = builder.start()) {
      String url = "postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT version(), current_setting('fsync'),"
                      + " current_setting('synchronous_commit')")) {
        r.next();
        System.out.printf(
            "%s; fsync=%s synchronous_commit=%s; %d cores%n",
            r.getString(1),
            r.getString(2),
            r.getString(3),
            Runtime.getRuntime().availableProcessors());
      }
      try (PostgresCrawlStore store = PostgresCrawlStore.open(url, "small")) {
        store.add(images("s", 20_000));
        latencies(store, "20k queued");
        throughput(url, "small", 1);
        throughput(url, "small", 4);
      }
      try (PostgresCrawlStore store = PostgresCrawlStore.open(url, "big")) {
        long t0 = System.nanoTime();
        for (int from = 0; from < million; from += 1000) {
          store.add(images("b" + from + "-", 1000));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "add %d entries in batches of 1000: %.1f s (%.0f entries/s)%n",
            million, secs, million / secs);
        latencies(store, million + " queued");
        time("hasOpenWork", 20, store::hasOpenWork);
        time("counts(IMAGE)", 3, () -> store.counts(Kind.IMAGE));
        explainClaim(pg);
      }
    }
  }

  private static void latencies(PostgresCrawlStore store, String label) {
    List<Long> claims = new ArrayList<>();
    List<Long> finishes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long t0 = System.nanoTime();
      List<Claim> batch = store.claim("m", BATCH, LEASE);
      long t1 = System.nanoTime();
      store.finish(results(batch));
      long t2 = System.nanoTime();
      claims.add(t1 - t0);
      finishes.add(t2 - t1);
    }
    System.out.printf(
        "%s: claim(32) %s; finish(32) %s%n", label, percentiles(claims), percentiles(finishes));
    time(
        "tryStartRequest+endRequest",
        500,
        () -> {
          store.tryStartRequest("h.test", 1000, Duration.ZERO);
          store.endRequest("h.test");
        });
    AtomicLong n = new AtomicLong();
    time(
        "claimName (new)",
        500,
        () -> store.claimName("sha" + n.incrementAndGet(), "f" + n.get(), "i" + n.get()));
    time("renew", 200, () -> store.renew("m", LEASE));
  }

  private static void throughput(String url, String crawl, int workers) throws Exception {
    List<PostgresCrawlStore> stores = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      stores.add(PostgresCrawlStore.open(url, crawl));
    }
    stores.get(0).add(images("t" + workers + "-", 40_000));
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + 5_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      PostgresCrawlStore store = stores.get(w);
      String name = "w" + w;
      futures.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  List<Claim> batch = store.claim(name, BATCH, LEASE);
                  store.finish(results(batch));
                  done.addAndGet(batch.size());
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    stores.forEach(PostgresCrawlStore::close);
    System.out.printf(
        "%d worker(s), claim(32)+finish(32) loop: %.0f items/s%n", workers, done.get() / 5.0);
  }

  private static void explainClaim(EmbeddedPostgres pg) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // as trawl_claim() plans it
      s.execute("SET LOCAL enable_sort = off");
      s.execute("SET LOCAL enable_bitmapscan = off");
      try (ResultSet r =
          s.executeQuery(
              "EXPLAIN ANALYZE WITH picked AS MATERIALIZED (SELECT id FROM trawl_items"
                  + " WHERE crawl = 'big' AND status IN ('QUEUED', 'LEASED')"
                  + " AND (status = 'QUEUED' OR lease_until < now())"
                  + " ORDER BY kind, id LIMIT 32 FOR UPDATE SKIP LOCKED)"
                  + " UPDATE trawl_items i SET status = 'LEASED', lease_owner = 'x',"
                  + " lease_until = now() + interval '1 minute' FROM picked WHERE i.id = picked.id"
                  + " RETURNING i.id")) {
        while (r.next()) {
          System.out.println("  " + r.getString(1));
        }
      }
      c.rollback();
    }
  }

  private static void time(String label, int n, Runnable call) {
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.run();
      ns[i] = System.nanoTime() - t0;
    }
    System.out.printf("  %s: %s%n", label, percentiles(Arrays.stream(ns).boxed().toList()));
  }

  private static String percentiles(List<Long> ns) {
    List<Long> sorted = ns.stream().sorted().toList();
    return String.format(
        Locale.ROOT,
        "median %.2f ms, p99 %.2f ms",
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6);
  }

  private static List<Entry> images(String prefix, int n) {
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String u = "https://gallery.test/" + prefix + i + ".jpg";
      entries.add(new Entry(Kind.IMAGE, u, u, "https://gallery.test/page", null));
    }
    return entries;
  }

  private static List<Result> results(List<Claim> claims) {
    List<Result> results = new ArrayList<>(claims.size());
    for (Claim c : claims) {
      results.add(
          new Result(
              c.id(),
              Status.SAVED,
              null,
              c.id() + ".jpg",
              50_000,
              "sha" + c.id(),
              "image/jpeg",
              null,
              1,
              Instant.now(),
              null,
              null,
              null));
    }
    return results;
  }
}
