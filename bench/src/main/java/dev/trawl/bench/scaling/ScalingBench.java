package dev.trawl.bench.scaling;

import dev.trawl.demo.DemoGallery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * 1, 2 and 4 worker JVMs on one crawl shared through PostgreSQL, against a loopback demo gallery
 * whose per-request latency keeps the server from being the limit. Wall time counts the whole
 * worker processes (JVM start included), from the first start to the last exit; every run is
 * checked (each picture saved once across the workers' dirs).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.trawl.bench.scaling.ScalingBench \
 *     [--pages 50] [--works 20] [--latency-ms 200] [-j 8] [--rounds 3] [--workers 1,2,4]
 * </pre>
 */
public final class ScalingBench {
  private ScalingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int pages = Integer.parseInt(o.getOrDefault("--pages", "50"));
    int works = Integer.parseInt(o.getOrDefault("--works", "20"));
    int latency = Integer.parseInt(o.getOrDefault("--latency-ms", "200"));
    int concurrency = Integer.parseInt(o.getOrDefault("-j", "8"));
    int rounds = Integer.parseInt(o.getOrDefault("--rounds", "3"));
    int[] counts =
        Arrays.stream(o.getOrDefault("--workers", "1,2,4").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    long items = pages + (long) pages * works;
    Path work = Files.createTempDirectory("trawl-scaling");
    Map<Integer, List<Double>> walls = new HashMap<>();
    Map<Integer, List<Double>> txPerItem = new HashMap<>();
    Map<Integer, List<Double>> phases = new HashMap<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        DemoGallery gallery =
            DemoGallery.builder()
                .pages(pages)
                .worksPerPage(works)
                .latency(Duration.ofMillis(latency))
                .start()
                .prerender()) {
      String store = "postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
      String template = gallery.listingTemplate().replace("{1..16}", "{1.." + pages + "}");
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < counts.length; k++) {
          int n = counts[(k + round) % counts.length]; // the order rotates between rounds
          String crawl = "scale-" + n + "-" + round;
          long tx0 = commits(pg);
          double wall = run(n, template, work.resolve(crawl), store, crawl, concurrency);
          long tx = commits(pg) - tx0;
          long saved = pictures(work.resolve(crawl));
          if (saved != (long) pages * works) {
            throw new IllegalStateException(
                n + " workers saved " + saved + " pictures, expected " + pages * works);
          }
          double phase = crawlSeconds(pg, crawl);
          walls.computeIfAbsent(n, x -> new ArrayList<>()).add(wall);
          phases.computeIfAbsent(n, x -> new ArrayList<>()).add(phase);
          txPerItem.computeIfAbsent(n, x -> new ArrayList<>()).add((double) tx / items);
          System.out.printf(
              Locale.ROOT,
              "round %d: %d worker(s) %.2f s (crawl %.2f s), %d commits%n",
              round + 1,
              n,
              wall,
              phase,
              tx);
        }
      }
    }
    int base = Arrays.stream(counts).min().orElseThrow(); // the baseline: the fewest workers
    double one = items / median(walls.get(base)) / base;
    double oneCrawl = items / median(phases.get(base)) / base;
    System.out.printf(
        Locale.ROOT,
        "%n%d pages x %d works (%d requests), %d ms per request, -j %d per worker, %d round(s)%n",
        pages,
        works,
        items,
        latency,
        concurrency,
        rounds);
    System.out.println(
        "| workers | wall s, processes | items/s | vs N x one | crawl s, first run start to"
            + " last item | items/s | vs N x one | commits per item |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : counts) {
      double wall = median(walls.get(n));
      double phase = median(phases.get(n));
      System.out.printf(
          Locale.ROOT,
          "| %d | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.1f |%n",
          n,
          wall,
          items / wall,
          items / wall / (one * n),
          phase,
          items / phase,
          items / phase / (oneCrawl * n),
          median(txPerItem.get(n)));
    }
  }

  /** From the first worker's run start to the last item's outcome, by the database's clock. */
  private static double crawlSeconds(EmbeddedPostgres pg, String crawl) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        var s =
            c.prepareStatement(
                "SELECT extract(epoch FROM (SELECT max(updated_at) FROM trawl_items WHERE crawl = ?)"
                    + " - (SELECT min(started) FROM trawl_runs WHERE crawl = ?))")) {
      s.setString(1, crawl);
      s.setString(2, crawl);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getDouble(1);
      }
    }
  }

  private static double run(
      int n, String template, Path dir, String store, String crawl, int concurrency)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    List<Process> ps = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path out = dir.resolve("w" + i);
      Files.createDirectories(out);
      ps.add(
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  cp,
                  ScalingWorker.class.getName(),
                  template,
                  out.toString(),
                  store,
                  crawl,
                  String.valueOf(concurrency))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("w" + i + ".log").toFile())
              .start());
    }
    for (Process p : ps) {
      if (p.waitFor() != 0) {
        throw new IllegalStateException("a worker failed; see " + dir);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long pictures(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).count();
    }
  }

  private static long commits(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    return o;
  }
}
