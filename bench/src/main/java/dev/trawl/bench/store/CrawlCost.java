package dev.trawl.bench.store;

import com.sun.management.OperatingSystemMXBean;
import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.bench.SeedJob;
import dev.trawl.demo.DemoGallery;
import dev.trawl.frontier.MemoryCrawlStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the SQLite crawl state costs a whole crawl: the demo gallery on loopback, crawled in this
 * JVM with the state in memory ({@link MemoryCrawlStore}, no persistence) and in SQLite (the
 * default, {@code OUT/.trawl/state.db}), alternating, a fresh out dir each time. Prints the median
 * wall and process CPU time of each; CPU includes the gallery server's, the same for both.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp bench/target/benchmarks.jar \
 *   dev.trawl.bench.store.CrawlCost [rounds=7] [pages=50] [works=40] [latencyMs=0]
 * </pre>
 */
public final class CrawlCost {
  private CrawlCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 7);
    int pages = arg(args, 1, 50);
    int works = arg(args, 2, 40);
    int latency = arg(args, 3, 0);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (DemoGallery gallery = SeedJob.gallery(pages, works, latency)) {
      System.out.printf(
          Locale.ROOT,
          "%d pages x %d works, %d ms per request, %d rounds (the first is warm-up)%n",
          pages,
          works,
          latency,
          rounds);
      // Out dirs are deleted at the end: creating files just after deleting thousands is slow on
      // some file systems (ext4 without a journal), which would charge one store for the other.
      List<Path> outs = new ArrayList<>();
      List<double[]> memory = new ArrayList<>();
      List<double[]> sqlite = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 2; i++) {
          boolean inMemory = (r + i) % 2 == 0; // the order alternates
          double[] run = crawl(gallery, inMemory, os, outs);
          if (r > 0) {
            (inMemory ? memory : sqlite).add(run);
          }
          System.out.printf(
              Locale.ROOT,
              "round %d %-6s wall %.3f s cpu %.3f s%n",
              r,
              inMemory ? "memory" : "sqlite",
              run[0],
              run[1]);
        }
      }
      double mw = median(memory, 0);
      double mc = median(memory, 1);
      double sw = median(sqlite, 0);
      double sc = median(sqlite, 1);
      int images = pages * works;
      System.out.printf(
          Locale.ROOT,
          "median memory: wall %.3f s, cpu %.3f s (%.3f ms/image)%n",
          mw,
          mc,
          mc * 1000 / images);
      System.out.printf(
          Locale.ROOT,
          "median sqlite: wall %.3f s, cpu %.3f s (%.3f ms/image)%n",
          sw,
          sc,
          sc * 1000 / images);
      System.out.printf(
          Locale.ROOT,
          "sqlite - memory: wall %+.3f s (%+.0f%%), cpu %+.3f s (%+.3f ms/image)%n",
          sw - mw,
          (sw - mw) * 100 / mw,
          sc - mc,
          (sc - mc) * 1000 / images);
      for (Path out : outs) {
        delete(out);
      }
    }
  }

  private static double[] crawl(
      DemoGallery gallery, boolean inMemory, OperatingSystemMXBean os, List<Path> outs)
      throws IOException {
    Path out = Files.createTempDirectory("trawl-cost");
    outs.add(out);
    MemoryCrawlStore store = inMemory ? new MemoryCrawlStore() : null;
    try {
      Crawler.Builder b = SeedJob.crawl(gallery.listingTemplate(), out).concurrency(64).perHost(64);
      if (store != null) {
        b.stateStore(store);
      }
      Crawler crawler = b.build();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      CrawlSummary s = crawler.run();
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      if (!s.complete()) {
        throw new IllegalStateException("crawl incomplete: " + s);
      }
      return new double[] {wall, cpu};
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private static double median(List<double[]> runs, int field) {
    double[] v = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static int arg(String[] args, int i, int dflt) {
    if (args.length <= i) {
      return dflt;
    }
    int v = Integer.parseInt(args[i]);
    if (v < (i == 3 ? 0 : 1)) {
      throw new IllegalArgumentException("argument " + (i + 1) + " out of range: " + v);
    }
    return v;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
