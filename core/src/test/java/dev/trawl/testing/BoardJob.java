package dev.trawl.testing;

import dev.trawl.Crawler;
import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A booru board's originals, as a user would get them: {@code --follow 'article.post-preview
 * a.post-preview-link' --select '#post-option-download a' --attr href}. Also a child JVM's main:
 * {@code BoardJob START OUT_DIR [STORE_URL CRAWL LEASE_MS]}.
 */
public final class BoardJob {
  public static final String FOLLOW = "article.post-preview a.post-preview-link";
  public static final String DOWNLOAD = "#post-option-download a";

  private BoardJob() {}

  public static Crawler.Builder of(Path out, String... start) {
    return Crawler.builder()
        .start(start)
        .follow(FOLLOW)
        .rules(new ExtractRules(DOWNLOAD, List.of("href"), ExtractRules.DEFAULT_NEXT_SELECTOR))
        .concurrency(4)
        .outDir(out);
  }

  public static void main(String[] args) {
    Crawler.Builder b = of(Path.of(args[1]), args[0]);
    if (args.length > 2) {
      b.store(args[2]).crawlName(args[3]).lease(Duration.ofMillis(Long.parseLong(args[4])));
    }
    System.exit(b.build().run().complete() ? 0 : 1);
  }
}
