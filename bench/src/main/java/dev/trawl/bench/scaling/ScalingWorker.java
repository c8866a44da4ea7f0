package dev.trawl.bench.scaling;

import dev.trawl.CrawlSummary;
import dev.trawl.bench.SeedJob;
import java.nio.file.Path;

/**
 * One worker of the scaling benchmark, in its own JVM: the seed job on a shared crawl. {@code
 * ScalingWorker TEMPLATE OUT_DIR STORE_URL CRAWL CONCURRENCY}; exits 0 when its crawl completed.
 */
public final class ScalingWorker {
  private ScalingWorker() {}

  public static void main(String[] args) {
    CrawlSummary s =
        SeedJob.crawl(args[0], Path.of(args[1]))
            .store(args[2])
            .crawlName(args[3])
            .concurrency(Integer.parseInt(args[4]))
            .perHost(256)
            .build()
            .run();
    System.exit(s.complete() ? 0 : 1);
  }
}
