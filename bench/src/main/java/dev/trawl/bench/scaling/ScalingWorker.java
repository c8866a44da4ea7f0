package dev.trawl.bench.scaling;

import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;
import java.util.List;

/**
 * One worker of the scaling benchmark, in its own JVM: the seed job on a shared crawl. {@code
 * ScalingWorker TEMPLATE OUT_DIR STORE_URL CRAWL CONCURRENCY}; exits 0 when its crawl completed.
 */
public final class ScalingWorker {
  private ScalingWorker() {}

  public static void main(String[] args) {
    CrawlSummary s =
        Crawler.builder()
            .start(args[0])
            .rules(
                new ExtractRules(
                    "div.workimage img",
                    List.of("data-original"),
                    ExtractRules.DEFAULT_NEXT_SELECTOR))
            .rewrite("/thumb_=>/thumbMid_")
            .outDir(Path.of(args[1]))
            .store(args[2])
            .crawlName(args[3])
            .concurrency(Integer.parseInt(args[4]))
            .perHost(256)
            .build()
            .run();
    System.exit(s.complete() ? 0 : 1);
  }
}
