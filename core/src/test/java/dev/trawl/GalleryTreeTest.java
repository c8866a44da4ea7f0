package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import dev.trawl.testing.ThumbsupSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Galleries of galleries: album indexes, nested albums, paginated albums, as real sites lay them.
 */
class GalleryTreeTest {
  static DemoGallery pictures;

  @TempDir Path out;

  @BeforeAll
  static void pictures() throws IOException {
    pictures = DemoGallery.builder().latency(Duration.ZERO).pages(4).worksPerPage(20).start();
  }

  @AfterAll
  static void stopPictures() {
    pictures.close();
  }

  Map<String, byte[]> savedFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("manifest.jsonl"))
          .filter(p -> !p.getFileName().toString().equals("index.html"))
          .collect(
              Collectors.toMap(
                  p -> p.getFileName().toString(),
                  p -> {
                    try {
                      return Files.readAllBytes(p);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }));
    }
  }

  static ExtractRules rules(String select, String next) {
    return new ExtractRules(select, ExtractRules.DEFAULT_ATTRIBUTES, next);
  }

  @Test
  void hubPagesWithoutPicturesReachedByNextLinksDoNotEndTheCrawl() throws IOException {
    try (ThumbsupSite site =
        ThumbsupSite.start(pictures, 8, "2016/London:10", "2016/Paris:3", "2017/Rome:12")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("index.html"))
              .rules(rules("#media a", "#galleries a, nav.pagination a"))
              .outDir(out)
              .build()
              .run();

      // home -> 2016, 2017 (no pictures) -> albums: the two hub levels do not trip the guard
      assertThat(s.saved()).isEqualTo(25);
      assertThat(savedFiles()).containsOnlyKeys(site.originals().keySet());
      Map<String, byte[]> saved = savedFiles();
      site.originals().forEach((name, bytes) -> assertThat(saved.get(name)).isEqualTo(bytes));
      assertThat(s.complete()).isTrue();
    }
  }

  @Test
  void linksToOriginalsAreTakenInsteadOfTheirThumbnails() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 100, "Holidays:5")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("holidays.html"))
              .rules(rules("#media a", ExtractRules.DEFAULT_NEXT_SELECTOR))
              .outDir(out)
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(5);
      assertThat(site.server().count("/media/thumbs/")).isZero();
      Map<String, byte[]> saved = savedFiles();
      site.originals().forEach((name, bytes) -> assertThat(saved.get(name)).isEqualTo(bytes));
    }
  }

  @Test
  void openRangeWithAnUnnumberedFirstPageReadsEveryAlbumPageThenStopsAtThe404() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 8, "2016/London:20")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("2016-london{,2..}.html"))
              .rules(rules("#media a", ExtractRules.DEFAULT_NEXT_SELECTOR))
              .outDir(out)
              .build()
              .run();

      assertThat(site.pagePaths()).contains("/2016-london.html", "/2016-london3.html");
      assertThat(site.server().count("/2016-london.html")).isEqualTo(1);
      assertThat(site.server().count("/2016-london2.html")).isEqualTo(1);
      assertThat(site.server().count("/2016-london3.html")).isEqualTo(1);
      assertThat(s.pagesFetched()).isEqualTo(3);
      assertThat(s.pageFailures()).isEmpty();
      assertThat(s.saved()).isEqualTo(20);
      assertThat(savedFiles()).containsOnlyKeys(site.originals().keySet());
    }
  }

  @Test
  void closedRangeWithAnUnnumberedFirstPageReadsExactlyItsPages() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 8, "2016/London:20")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("2016-london{,2..2}.html"))
              .rules(rules("#media a", ExtractRules.DEFAULT_NEXT_SELECTOR))
              .outDir(out)
              .build()
              .run();

      assertThat(s.pagesFetched()).isEqualTo(2);
      assertThat(s.saved()).isEqualTo(16);
      assertThat(site.server().count("/2016-london3.html")).isZero();
    }
  }
}
