package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.testing.GallerySites;
import dev.trawl.testing.GallerySites.Resource;
import dev.trawl.testing.GallerySites.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GalleryInspectorTest {
  static Stream<Site> galleries() {
    return GallerySites.galleries().stream();
  }

  static Stream<Site> nonGalleries() {
    return GallerySites.nonGalleries().stream();
  }

  private static CrawlConfig config() {
    return Crawler.builder().start("http://127.0.0.1/").retries(0).build().config();
  }

  private static DetectedGallery inspect(GallerySites.Server server, Site site) {
    return GalleryInspector.inspect(server.url(site.start()), config(), d -> {});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("galleries")
  void inspectionTakesAtMostTenRequests(Site site) throws Exception {
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      DetectedGallery g = inspect(server, site);

      assertThat(server.requests()).isLessThanOrEqualTo(GalleryInspector.MAX_REQUESTS);
      assertThat(g.requests()).isEqualTo(server.requests());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("galleries")
  void everyDecisionCarriesItsEvidence(Site site) throws Exception {
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      List<DetectedGallery.Decision> seen = new ArrayList<>();
      DetectedGallery g = GalleryInspector.inspect(server.url(site.start()), config(), seen::add);

      assertThat(seen).isEqualTo(g.decisions());
      assertThat(seen)
          .extracting(DetectedGallery.Decision::topic)
          .containsExactly("items", "originals", "pager");
      assertThat(seen.get(0).text()).matches("\\d+ x .*");
      assertThat(seen.get(1).text()).contains("http://127.0.0.1:");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonGalleries")
  void pageThatIsNotAGalleryIsNoGallery(Site site) throws Exception {
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      String url = server.url(site.start());

      assertThatThrownBy(() -> inspect(server, site))
          .isInstanceOf(NoGalleryException.class)
          .hasMessageStartingWith("no gallery found on " + url + " (best guess: ")
          .hasMessageEndingWith("); see trawl inspect " + url + ", or give --select");
    }
  }

  @Test
  void mediaWikiCategoryIsReadThroughItsFilePages() throws Exception {
    Site site = GallerySites.mediaWikiCategory();
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      DetectedGallery g = inspect(server, site);

      assertThat(g.levels()).hasSize(2);
      assertThat(g.levels().get(0).follow()).isEqualTo("li.gallerybox a.mw-file-description");
      assertThat(g.pictures().select()).contains("a.internal");
      assertThat(g.decisions().get(1).text()).contains("the 'Original file' link on 3 of 3");
      assertThat(g.decisions().get(2).text()).startsWith("a 'next page' link");
    }
  }

  @Test
  void unlinkedWordPressThumbnailsAreRewrittenOnlyAfterTheOriginalAnswered() throws Exception {
    Site site = GallerySites.wordPressUnlinked();
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      DetectedGallery g = inspect(server, site);

      assertThat(g.levels()).singleElement();
      assertThat(g.pictures().rewrite()).hasSize(1);
      assertThat(g.pictures().fallback()).isTrue();
      assertThat(server.paths()).contains("/wp-content/uploads/2024/05/market-1.jpg");
      assertThat(g.decisions().get(1).text()).contains("WordPress", "confirmed by fetching 2 of 2");
    }
  }

  @Test
  void unconfirmedThumbnailNameIsNotUsed() throws Exception {
    Site site = GallerySites.wordPressUnlinked();
    site.resources().keySet().removeIf(p -> p.matches(".*/market-[0-9]+\\.jpg"));
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      DetectedGallery g = inspect(server, site);

      assertThat(g.pictures().rewrite()).isEmpty();
      assertThat(g.decisions().get(1).text()).contains("the largest source each item declares");
    }
  }

  @Test
  void badStartPagesAreFatalWithTheReason() throws Exception {
    Site site = GallerySites.loginPage();
    site.resources().put("/empty", new Resource("text/html", new byte[0]));
    site.resources()
        .put("/pic", new Resource("image/png", GallerySites.Site.class.getName().getBytes()));
    try (GallerySites.Server server = new GallerySites.Server(site)) {
      assertThatThrownBy(() -> GalleryInspector.inspect(server.url("/missing"), config(), d -> {}))
          .isInstanceOf(CrawlException.class)
          .hasMessage("start page " + server.url("/missing") + " answered HTTP 404");
      assertThatThrownBy(() -> GalleryInspector.inspect(server.url("/empty"), config(), d -> {}))
          .isInstanceOf(CrawlException.class)
          .hasMessage("start page " + server.url("/empty") + " is empty");
      assertThatThrownBy(() -> GalleryInspector.inspect(server.url("/pic"), config(), d -> {}))
          .isInstanceOf(CrawlException.class)
          .hasMessage("start page " + server.url("/pic") + " is not HTML (image/png)");
    }
  }
}
