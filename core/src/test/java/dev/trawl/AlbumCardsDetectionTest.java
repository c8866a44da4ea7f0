package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.demo.DemoGallery;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.SigalSite;
import dev.trawl.testing.ThumbsupSite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@code trawl get HOME} on a home page of album cards: detection reads a few albums and,
 * when they show the same gallery, crawls the tree as {@code --follow-tree} would.
 */
class AlbumCardsDetectionTest {
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

  static CrawlConfig config() {
    return Crawler.builder().start("http://127.0.0.1/").retries(0).build().config();
  }

  static DetectedGallery inspect(String url, List<DetectedGallery.Decision> seen) {
    return GalleryInspector.inspect(url, config(), seen::add);
  }

  /** The crawl trawl get runs after detecting {@code g}. */
  CrawlSummary crawl(DetectedGallery g) {
    Crawler.Builder b = Crawler.builder().outDir(out).concurrency(4).levels(g.crawlLevels());
    g.urls().forEach(b::start);
    return b.build().run();
  }

  void assertEveryOriginalSaved(Map<String, byte[]> originals) throws IOException {
    GalleryTreeTest.assertEveryOriginalSaved(out, originals);
  }

  @Test
  void thumbsupHomeOfAlbumCardsGivesEveryOriginalOfEveryPaginatedAlbum() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 8, "London:10", "Paris:14", "Rome:16")) {
      List<DetectedGallery.Decision> seen = new ArrayList<>();
      DetectedGallery g = inspect(site.url("index.html"), seen);

      assertThat(g.tree()).isEqualTo("ul#galleries a");
      assertThat(g.next()).isNotNull();
      assertThat(seen)
          .extracting(DetectedGallery.Decision::topic)
          .containsExactly("albums", "items", "originals", "pager");
      assertThat(seen.get(0).text())
          .contains("3 albums read show the same gallery")
          // the albums' "li a" would take the cards on the home page: narrowed to the albums'
          .endsWith(
              "--follow-tree 'ul#galleries a' --select 'ul#media li a' --next '" + g.next() + "'");
      assertThat(g.requests()).isLessThanOrEqualTo(GalleryInspector.MAX_REQUESTS);

      CrawlSummary s = crawl(g);

      assertThat(s.complete()).isTrue();
      assertEveryOriginalSaved(site.originals());
      assertThat(site.server().count("/media/thumbs/")).isZero();
    }
  }

  @Test
  void thumbsupYearsOfAlbumsArePassedThroughToTheAlbums() throws IOException {
    try (ThumbsupSite site =
        ThumbsupSite.start(pictures, 8, "2016/London:10", "2016/Paris:3", "2017/Rome:12")) {
      DetectedGallery g = inspect(site.url("index.html"), new ArrayList<>());

      assertThat(g.decisions().get(0).text()).contains("through 2 pages of cards");
      CrawlSummary s = crawl(g);

      assertThat(s.complete()).isTrue();
      assertEveryOriginalSaved(site.originals());
    }
  }

  @Test
  void sigalFoldersOfFoldersGiveEveryOriginal() throws IOException {
    try (SigalSite site = SigalSite.start(pictures, "2019/Paris:6", "2019/Lyon:4", "2020/Rome:5")) {
      DetectedGallery g = inspect(site.url(""), new ArrayList<>());

      // the album list's selector would take the pictures of an album too: it is narrowed
      assertThat(g.tree()).contains(":has(img.album_thumb)");
      assertThat(g.requests()).isLessThanOrEqualTo(GalleryInspector.MAX_REQUESTS);
      CrawlSummary s = crawl(g);

      assertThat(s.complete()).isTrue();
      assertEveryOriginalSaved(site.originals());
    }
  }

  @Test
  void flatSigalAlbumListIsATreeNotWorkPages() throws IOException {
    try (SigalSite site = SigalSite.start(pictures, "Paris:6", "Lyon:4", "Rome:5")) {
      DetectedGallery g = inspect(site.url(""), new ArrayList<>());

      assertThat(g.tree()).isNotNull();
      assertThat(g.levels()).hasSize(1);
      assertThat(crawl(g).saved()).isEqualTo(15);
      assertEveryOriginalSaved(site.originals());
    }
  }

  @Test
  void anAlbumWithPicturesOfItsOwnAndNestedAlbumsIsReadAsItIs() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 100, "2016:4", "2016/London:5")) {
      DetectedGallery g = inspect(site.url("2016.html"), new ArrayList<>());

      assertThat(g.tree()).isNull();
      assertThat(g.decisions())
          .extracting(DetectedGallery.Decision::topic)
          .doesNotContain("albums");
      assertThat(g.pictures().select()).isNotNull();
    }
  }

  static String cards(String... albums) {
    StringBuilder h = new StringBuilder("<html><body><ul id=galleries>");
    for (String a : albums) {
      h.append("<li><a href='").append(a).append(".html'><img src='/cover-").append(a);
      h.append(".jpg'></a></li>");
    }
    return h.append("</ul></body></html>").toString();
  }

  static String album(String list, String item, int n) {
    StringBuilder h = new StringBuilder("<html><body><" + list + ">");
    for (int i = 0; i < n; i++) {
      h.append("<" + item + "><a href='/p").append(i).append(".jpg'><img src='/t");
      h.append(i).append(".jpg'></a></" + item + ">");
    }
    return h.append("</body></html>").toString();
  }

  static HostileServer site(Map<String, String> pages) throws IOException {
    HostileServer server = HostileServer.start();
    server.route("/robots.txt", ex -> ex.status(404));
    pages.forEach((path, html) -> server.route(path, ex -> ex.respond(200, "text/html", html)));
    return server;
  }

  @Test
  void albumsShowingDifferentGalleriesAreNoGalleryNamingWhatWasTried() throws IOException {
    try (HostileServer server =
        site(
            Map.of(
                "/index.html", cards("a", "b"),
                "/a.html", album("ul id=media", "li", 4),
                "/b.html", album("div class=photos", "p", 4)))) {
      assertThatThrownBy(() -> inspect(server.url("/index.html"), new ArrayList<>()))
          .isInstanceOf(NoGalleryException.class)
          .hasMessageStartingWith("no gallery found on " + server.url("/index.html"))
          .hasMessageContaining("album cards 2 x ul#galleries a")
          .hasMessageContaining("the albums show different galleries")
          .hasMessageNotContaining("\n");
    }
  }

  /** A work page: its picture, and a film strip of the covers of every card (the siblings). */
  static String workPage(int n) {
    StringBuilder h = new StringBuilder("<html><body><img src='/full" + n + ".jpg' width=800>");
    h.append("<ul id=strip>");
    for (int i = 0; i < 4; i++) {
      h.append("<li><a href='/w").append(i).append(".html'><img src='/cover-w").append(i);
      h.append(".jpg'></a></li>");
    }
    return h.append("</ul></body></html>").toString();
  }

  @Test
  void coversLeadingToWorkPagesWithAFilmStripAreAGalleryOfWorkPagesNotATree() throws IOException {
    try (HostileServer server =
        site(
            Map.of(
                "/index.html", cards("w0", "w1", "w2", "w3"),
                "/w0.html", workPage(0),
                "/w1.html", workPage(1),
                "/w2.html", workPage(2),
                "/w3.html", workPage(3)))) {
      server.route(
          "/full",
          ex -> ex.respond(200, "image/jpeg", pictures.thumbnail(pictures.workIds().get(0))));

      DetectedGallery g = inspect(server.url("/index.html"), new ArrayList<>());

      assertThat(g.tree()).isNull();
      assertThat(g.levels()).hasSize(2); // the covers' work pages, as before
      assertThat(g.requests()).isLessThanOrEqualTo(5); // robots, start, the 3 work pages
    }
  }

  @Test
  void albumsWithoutPicturesAreNoGallery() throws IOException {
    try (HostileServer server =
        site(
            Map.of(
                "/index.html", cards("a", "b"),
                "/a.html", "<html><body><p>Nothing yet</p></body></html>",
                "/b.html", "<html><body><p>Nothing yet</p></body></html>"))) {
      assertThatThrownBy(() -> inspect(server.url("/index.html"), new ArrayList<>()))
          .isInstanceOf(NoGalleryException.class)
          .hasMessageContaining("album cards 2 x ul#galleries a")
          .hasMessageContaining(server.url("/a.html") + " shows no gallery");
    }
  }
}
