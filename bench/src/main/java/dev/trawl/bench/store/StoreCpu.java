package dev.trawl.bench.store;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.NameClaim;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The SQLite state's writer thread CPU per picture, call by call, as a crawl sends them: pages of
 * 40 pictures, each added in one call, claimed 40 at a time, their names claimed in one call and
 * their outcomes finished in one call, with 128 other leases held throughout (the requests in
 * flight). Writer thread CPU from {@link ThreadMXBean} around each call (a finish is measured up to
 * its flush); a fresh state dir per round, deleted after it.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp bench/target/benchmarks.jar \
 *   dev.trawl.bench.store.StoreCpu [pictures] [rounds]
 * </pre>
 *
 * <p>{@code -Dstorecpu.sql='DROP INDEX x; CREATE INDEX y ...'} runs on each new state before the
 * round: a quick way to try an index.
 */
public final class StoreCpu {
  private static final int PAGE = 40;
  private static final int HELD = 128;

  private StoreCpu() {}

  public static void main(String[] args) throws Exception {
    int pictures = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    System.out.println(
        "round  add  claim  claimNames  finish  all (writer CPU, us/picture)  wall s  reads ms");
    for (int r = 1; r <= rounds; r++) {
      round(r, pictures);
    }
  }

  private static void round(int round, int pictures) throws IOException {
    Path dir = Files.createTempDirectory("storecpu");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] ns = new long[4];
    long wall = System.nanoTime();
    double reads;
    String sql = System.getProperty("storecpu.sql", "");
    if (!sql.isBlank()) {
      SqliteCrawlStore.open(dir).close();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
          Statement st = c.createStatement()) {
        for (String s : sql.split(";")) {
          st.execute(s);
        }
      } catch (SQLException e) {
        throw new IllegalArgumentException("storecpu.sql: " + e.getMessage(), e);
      }
    }
    try (CrawlStore store = SqliteCrawlStore.open(dir)) {
      long writer = writerThread();
      store.add(entries(-1, HELD));
      store.claim("other", HELD, Duration.ofHours(1));
      HexFormat hex = HexFormat.of();
      for (int p = 0; p < pictures / PAGE; p++) {
        long t0 = mx.getThreadCpuTime(writer);
        store.add(entries(p, PAGE));
        long t1 = mx.getThreadCpuTime(writer);
        List<Claim> claims = store.claim("w", PAGE, Duration.ofMinutes(1));
        long t2 = mx.getThreadCpuTime(writer);
        List<NameClaim> names = new ArrayList<>();
        for (Claim c : claims) {
          byte[] sha = new byte[32];
          long x = c.id() * 0x9E3779B97F4A7C15L;
          for (int i = 0; i < 32; i++) {
            sha[i] = (byte) (x >>> (8 * (i % 8)) ^ i);
          }
          names.add(new NameClaim(hex.formatHex(sha), "p" + p + "/" + c.id() + ".jpg", c.key()));
        }
        store.claimNames(names);
        long t3 = mx.getThreadCpuTime(writer);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
          Claim c = claims.get(i);
          NameClaim n = names.get(i);
          results.add(StoreBench.saved(c.id(), n.file(), 20_480, n.sha256()));
        }
        store.finish(results);
        store.flush();
        long t4 = mx.getThreadCpuTime(writer);
        ns[0] += t1 - t0;
        ns[1] += t2 - t1;
        ns[2] += t3 - t2;
        ns[3] += t4 - t3;
      }
      // what a crawl's start and end and `trawl status` read, timed on the caller
      long r0 = System.nanoTime();
      store.counts(Kind.IMAGE);
      store.countsByLevel(Kind.IMAGE);
      store.failureReasons(Kind.IMAGE);
      long[] bytes = {0};
      store.forEach(Kind.IMAGE, Status.SAVED, i -> bytes[0] += i.bytes());
      reads = (System.nanoTime() - r0) / 1e6;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
    double n = pictures / PAGE * PAGE;
    System.out.printf(
        Locale.ROOT,
        "%5d  %.2f  %.2f  %.2f  %.2f  %.2f  %.2f  %.0f%n",
        round,
        ns[0] / n / 1e3,
        ns[1] / n / 1e3,
        ns[2] / n / 1e3,
        ns[3] / n / 1e3,
        (ns[0] + ns[1] + ns[2] + ns[3]) / n / 1e3,
        (System.nanoTime() - wall) / 1e9,
        reads);
  }

  private static List<Entry> entries(int page, int n) {
    String pageUrl = "https://gallery.test/works/" + page + "/";
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String url = "https://img.gallery.test/full/" + page + "/" + i + "-a1b2c3d4e5.jpg";
      entries.add(new Entry(Kind.IMAGE, url, url, pageUrl, "{\"alt\":\"work " + i + "\"}", 1));
    }
    return entries;
  }

  private static long writerThread() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("trawl-state-writer") && t.isAlive()) {
        return t.threadId();
      }
    }
    throw new IllegalStateException("no trawl-state-writer thread");
  }
}
