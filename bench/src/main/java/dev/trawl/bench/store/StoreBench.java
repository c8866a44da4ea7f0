package dev.trawl.bench.store;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.MemoryCrawlStore;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The state store's write path as the crawler drives it: add 1 000 image entries in page-sized
 * batches of 40, then claim them 40 at a time and finish each batch, then flush. Scores are entries
 * per second (each entry is added, claimed and finished once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBench {
  private static final int ENTRIES = 1000;
  private static final int BATCH = 40;
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Param({"sqlite", "memory"})
  public String store;

  private final AtomicLong rounds = new AtomicLong();
  private Path dir;
  private CrawlStore crawlStore;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("trawl-store-bench");
    crawlStore =
        store.equals("sqlite")
            ? SqliteCrawlStore.open(dir.resolve(".trawl"))
            : new MemoryCrawlStore();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    crawlStore.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public int addClaimFinish() {
    return round();
  }

  /** Eight crawler threads at once: their writes share group commits. */
  @Benchmark
  @Threads(8)
  @OperationsPerInvocation(ENTRIES)
  public int addClaimFinishEightThreads() {
    return round();
  }

  private int round() {
    long round = rounds.incrementAndGet();
    String worker = "w" + Thread.currentThread().threadId();
    for (int b = 0; b < ENTRIES / BATCH; b++) {
      List<Entry> page = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        String key = "https://img.test/" + round + "/" + b + "/" + i + ".jpg";
        page.add(new Entry(Kind.IMAGE, key, key, "https://gallery.test/" + round + "/" + b, null));
      }
      crawlStore.add(page);
    }
    int done = 0;
    while (true) {
      List<Claim> claims = crawlStore.claim(worker, BATCH, LEASE);
      if (claims.isEmpty()) {
        break;
      }
      List<Result> results = new ArrayList<>(claims.size());
      for (Claim c : claims) {
        results.add(saved(c.id(), c.id() + ".jpg", 50_000, Long.toHexString(c.id())));
      }
      crawlStore.finish(results);
      done += claims.size();
    }
    crawlStore.flush();
    return done;
  }

  /** The outcome of a picture saved as {@code file}, as a crawl records it. */
  static Result saved(long id, String file, long bytes, String sha256) {
    return new Result(
        id,
        Status.SAVED,
        null,
        file,
        bytes,
        sha256,
        "image/jpeg",
        null,
        1,
        Instant.now(),
        null,
        null,
        null);
  }
}
