package dev.trawl.testing;

import dev.trawl.Crawler;
import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;
import java.util.List;

/** The seed job in a child JVM, for crash tests: {@code CrawlChild TEMPLATE OUT_DIR}. */
public final class CrawlChild {
  private CrawlChild() {}

  public static void main(String[] args) {
    Crawler.builder()
        .start(args[0])
        .rules(
            new ExtractRules(
                "div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR))
        .rewrite("/thumb_=>/thumbMid_")
        .concurrency(4)
        .outDir(Path.of(args[1]))
        .build()
        .run();
  }
}
