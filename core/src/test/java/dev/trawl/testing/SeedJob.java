package dev.trawl.testing;

import dev.trawl.Crawler;
import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;
import java.util.List;

/** The seed article's job, as the tests run it against the demo gallery. */
public final class SeedJob {
  private SeedJob() {}

  /**
   * Thumbnails in {@code div.workimage img[data-original]}, {@code thumb_} made {@code thumbMid_}.
   */
  public static Crawler.Builder of(Path out, String... start) {
    return Crawler.builder()
        .start(start)
        .rules(
            new ExtractRules(
                "div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR))
        .rewrite("/thumb_=>/thumbMid_")
        .outDir(out);
  }
}
