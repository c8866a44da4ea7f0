package dev.trawl.bench.store;

import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Memory check: 1 000 000 discovered image URLs in a SQLite store, added in page-sized batches of
 * 40, then 10 000 claimed and finished. Run with {@code -Xmx256m}; prints times and heap use.
 */
public final class MillionUrls {
  private static final int URLS = 1_000_000;
  private static final int BATCH = 40;
  private static final int FINISH = 10_000;

  private MillionUrls() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("trawl-million");
    try {
      run(dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void run(Path dir) throws IOException {
    System.out.printf(Locale.ROOT, "max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
    try (SqliteCrawlStore store = SqliteCrawlStore.open(dir.resolve(".trawl"))) {
      long t0 = System.nanoTime();
      for (int b = 0; b < URLS / BATCH; b++) {
        String page = "https://gallery.example.com/works?page=" + b;
        List<Entry> entries = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          String url =
              "https://cdn.example.com/images/"
                  + b
                  + "/"
                  + i
                  + "/original-"
                  + (b * BATCH + i)
                  + ".jpg";
          entries.add(new Entry(Kind.IMAGE, url, url, page, "{\"title\":\"work " + i + "\"}"));
        }
        store.add(entries);
      }
      double addSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "added %d urls in %.1f s (%.0f urls/s)%n",
          URLS,
          addSeconds,
          URLS / addSeconds);
      printHeap("after add");

      long t1 = System.nanoTime();
      int done = 0;
      while (done < FINISH) {
        List<Claim> claims = store.claim("bench", BATCH, Duration.ofMinutes(1));
        List<Result> results = new ArrayList<>(claims.size());
        for (Claim c : claims) {
          results.add(StoreBench.saved(c.id(), c.id() + ".jpg", 50_000, Long.toHexString(c.id())));
        }
        store.finish(results);
        done += claims.size();
      }
      store.flush();
      double finishSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "claimed and finished %d in %.1f s (%.0f/s)%n",
          done,
          finishSeconds,
          done / finishSeconds);
      long t2 = System.nanoTime();
      long counted = store.counts(Kind.IMAGE).values().stream().mapToLong(Long::longValue).sum();
      long[] streamed = new long[1];
      store.forEach(Kind.IMAGE, null, item -> streamed[0]++);
      System.out.printf(
          Locale.ROOT,
          "counts %d and forEach over %d entries in %.1f s%n",
          counted,
          streamed[0],
          (System.nanoTime() - t2) / 1e9);
      printHeap("at end");
    }
    long bytes = 0;
    try (Stream<Path> files = Files.list(dir.resolve(".trawl"))) {
      for (Path p : files.toList()) {
        bytes += Files.size(p);
      }
    }
    System.out.printf(Locale.ROOT, "state dir %d MiB%n", bytes >> 20);
  }

  private static void printHeap(String when) {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%s: heap used after GC %d MiB, sum of heap pool peaks %d MiB%n",
        when,
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        peak >> 20);
  }
}
