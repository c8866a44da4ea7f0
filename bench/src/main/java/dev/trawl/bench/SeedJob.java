package dev.trawl.bench;

import dev.trawl.Crawler;
import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The seed article's job and gallery, as the benchmarks run them. */
public final class SeedJob {
  /** Thumbnails in {@code div.workimage img[data-original]}, the pager's next link. */
  public static final ExtractRules RULES =
      new ExtractRules(
          "div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR);

  private SeedJob() {}

  /** The seed job from {@code start} into {@code out}: {@code thumb_} made {@code thumbMid_}. */
  public static Crawler.Builder crawl(String start, Path out) {
    return Crawler.builder().start(start).rules(RULES).rewrite("/thumb_=>/thumbMid_").outDir(out);
  }

  /** A demo gallery on loopback, every picture rendered before it returns. */
  public static DemoGallery gallery(int pages, int works, int latencyMs) throws IOException {
    return DemoGallery.builder()
        .pages(pages)
        .worksPerPage(works)
        .latency(Duration.ofMillis(latencyMs))
        .start()
        .prerender();
  }
}
