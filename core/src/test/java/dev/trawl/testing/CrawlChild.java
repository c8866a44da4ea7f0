package dev.trawl.testing;

import dev.trawl.Crawler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The seed job in a child JVM, for crash and multi-worker tests: {@code CrawlChild TEMPLATE OUT_DIR
 * [STORE_URL CRAWL LEASE_MS PER_HOST]}.
 */
public final class CrawlChild {
  private CrawlChild() {}

  public static void main(String[] args) {
    Crawler.Builder b = SeedJob.of(Path.of(args[1]), args[0]).concurrency(4);
    if (args.length > 2) {
      b.store(args[2])
          .crawlName(args[3])
          .lease(Duration.ofMillis(Long.parseLong(args[4])))
          .perHost(Integer.parseInt(args[5]));
    }
    boolean complete = b.build().run().complete();
    System.exit(complete ? 0 : 1);
  }
}
