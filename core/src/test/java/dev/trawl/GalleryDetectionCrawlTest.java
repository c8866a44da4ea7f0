package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.testing.GallerySites;
import dev.trawl.testing.GallerySites.Site;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Detection's targets, end to end: each gallery fixture crawled from its detected levels. */
class GalleryDetectionCrawlTest {
  @TempDir Path out;

  static Stream<Site> galleries() {
    return GallerySites.galleries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("galleries")
  void detectedLevelsSaveEveryOriginalAndNothingElse(Site site) throws Exception {
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      CrawlConfig probe = Crawler.builder().start(server.url(site.start())).build().config();
      DetectedGallery g = GalleryInspector.inspect(server.url(site.start()), probe, d -> {});
      List<ItemOutcome> outcomes = new CopyOnWriteArrayList<>();

      CrawlSummary summary =
          Crawler.builder()
              .start(g.urls().toArray(String[]::new))
              .levels(g.crawlLevels())
              .outDir(out)
              .listener(
                  new CrawlListener() {
                    @Override
                    public void imageDone(ItemOutcome o) {
                      outcomes.add(o);
                    }
                  })
              .build()
              .run();

      assertThat(outcomes)
          .extracting(o -> URI.create(o.finalUrl()).getRawPath() + query(o.finalUrl()))
          .containsExactlyInAnyOrderElementsOf(site.originals());
      assertThat(summary.saved()).isEqualTo(site.originals().size());
      assertThat(summary.complete()).isTrue();
    }
  }

  private static String query(String url) {
    String q = URI.create(url).getRawQuery();
    return q == null ? "" : "?" + q;
  }
}
