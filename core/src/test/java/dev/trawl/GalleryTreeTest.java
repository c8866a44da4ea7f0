package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import dev.trawl.testing.ChildJvm;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.ManifestCheck;
import dev.trawl.testing.SigalSite;
import dev.trawl.testing.ThumbsupSite;
import dev.trawl.testing.TreeJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Galleries of galleries: album indexes, nested albums, paginated albums, as real sites lay them.
 */
class GalleryTreeTest {
  static DemoGallery pictures;

  @TempDir Path tmp;
  Path out;
  Process child;

  @BeforeEach
  void outDir() {
    out = tmp.resolve("out");
  }

  @AfterEach
  void stopChild() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void pictures() throws IOException {
    pictures = DemoGallery.builder().latency(Duration.ZERO).pages(4).worksPerPage(20).start();
  }

  @AfterAll
  static void stopPictures() {
    pictures.close();
  }

  Map<String, byte[]> savedFiles() throws IOException {
    return savedFiles(out);
  }

  /** The pictures saved in {@code out} by file name (the manifest and contact sheet left out). */
  static Map<String, byte[]> savedFiles(Path out) throws IOException {
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

  void assertEveryOriginalSaved(Map<String, byte[]> originals) throws IOException {
    assertEveryOriginalSaved(out, originals);
  }

  /** Exactly the originals were saved in {@code out}, byte for byte. */
  static void assertEveryOriginalSaved(Path out, Map<String, byte[]> originals) throws IOException {
    Map<String, byte[]> saved = savedFiles(out);
    assertThat(saved).containsOnlyKeys(originals.keySet());
    originals.forEach((name, bytes) -> assertThat(saved.get(name)).as(name).isEqualTo(bytes));
  }

  static void assertEveryPageFetchedOnce(List<String> paths, HostileServer s) {
    for (String path : paths) {
      assertThat(s.count(path)).as("requests for " + path).isEqualTo(1);
    }
  }

  @Test
  void homePageOfAlbumCardsSavesEveryOriginalOfEveryPaginatedAlbum() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 8, "London:10", "Paris:14", "Rome:16")) {
      CrawlSummary s = TreeJob.of(out, site.url("index.html")).build().run();

      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(40);
      assertEveryOriginalSaved(site.originals());
      assertThat(site.pagePaths()).contains("/london2.html", "/rome2.html");
      assertEveryPageFetchedOnce(site.pagePaths(), site.server());
      assertThat(site.server().count("/media/thumbs/")).isZero();
      assertThat(s.pagesFetched()).isEqualTo(site.pagePaths().size());
    }
  }

  @Test
  void nestedYearAndAlbumFoldersAreReadAtEveryDepthThroughHubsWithoutPictures() throws IOException {
    try (ThumbsupSite site =
        ThumbsupSite.start(
            pictures,
            8,
            "2016/London:10",
            "2016/Paris:3",
            "2017/Rome:12",
            "Trips/Asia/2018/Tokyo:5")) {
      CrawlSummary s = TreeJob.of(out, site.url("index.html")).build().run();

      // home -> trips -> trips-asia -> trips-asia-2018: three hubs in a row, none ends the tree
      assertThat(site.pagePaths()).contains("/trips-asia-2018-tokyo.html");
      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(30);
      assertEveryOriginalSaved(site.originals());
      assertEveryPageFetchedOnce(site.pagePaths(), site.server());
    }
  }

  @Test
  void hubLevelWithoutPicturesBetweenTwoFollowLevelsReachesTheAlbums() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 100, "2016/London:5", "2017/Rome:6")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("index.html"))
              .follow("#galleries a")
              .follow("#galleries a")
              .rules(rules("#media a", ExtractRules.DEFAULT_NEXT_SELECTOR))
              .outDir(out)
              .build()
              .run();

      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(11);
      assertEveryOriginalSaved(site.originals());
    }
  }

  @Test
  void albumLinksThatFormACycleFetchEveryPageOnce() throws IOException {
    try (ThumbsupSite site =
        ThumbsupSite.start(pictures, 8, "2016/London:10", "2016/Paris:3", "2017/Rome:12")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url("index.html"))
              // breadcrumbs and the header lead back up: every album links to its ancestors
              .followTree("#galleries a, nav.breadcrumbs a, header a")
              .rules(rules(TreeJob.ORIGINALS, TreeJob.PAGES))
              .outDir(out)
              .build()
              .run();

      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(25);
      assertEveryPageFetchedOnce(site.pagePaths(), site.server());
    }
  }

  @Test
  void sigalFoldersOfFoldersGiveTheirOriginalsWithBreadcrumbsBackUp() throws IOException {
    try (SigalSite site = SigalSite.start(pictures, "2019/Paris:6", "2019/Lyon:4", "2020/Rome:5")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url(""))
              .followTree("#albums a:has(img.album_thumb), div.breadcrumb a, div.sidebar a")
              .rules(new ExtractRules("a.gallery", List.of("data-big"), "a[rel=next]"))
              .outDir(out)
              .build()
              .run();

      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(15);
      assertEveryOriginalSaved(site.originals());
      assertThat(site.server().count("/2019/Paris/original/")).isEqualTo(6);
      for (String page : List.of("/", "/2019/", "/2019/Paris/", "/2019/Lyon/", "/2020/Rome/")) {
        assertThat(site.server().requests().stream().filter(r -> r.path().equals(page)))
            .as("requests for " + page)
            .hasSize(1);
      }
    }
  }

  @Test
  void aTreeFollowedByAPageLevelReadsThePicturePageOfEveryAlbum() throws IOException {
    try (SigalSite site =
        SigalSite.startWithMediaPages(pictures, "2019/Paris:6", "2019/Lyon:4", "2020/Rome:5")) {
      CrawlSummary s =
          Crawler.builder()
              .start(site.url(""))
              .followTree("#albums a:has(img.album_thumb)")
              .follow("a.gallery")
              .rules(rules("div.thumbnail img", ExtractRules.DEFAULT_NEXT_SELECTOR))
              .outDir(out)
              .build()
              .run();

      assertThat(s.complete()).isTrue();
      assertThat(s.saved()).isEqualTo(15);
      assertEveryOriginalSaved(site.originals());
      assertThat(s.pagesByLevel()).containsEntry("listing", 6L).containsEntry("work", 15L);
      assertThat(site.server().count("/2019/Paris/thumbnails/")).isZero();
    }
  }

  @Test
  void maxDepthStopsTheTreeThatManyLinksFromTheStart() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 100, "2016/London:5")) {
      CrawlSummary s = TreeJob.of(out, site.url("index.html")).maxDepth(1).build().run();

      assertThat(site.server().count("/2016.html")).isEqualTo(1);
      assertThat(site.server().count("/2016-london.html")).isZero();
      assertThat(s.pagesFetched()).isEqualTo(2);
      assertThat(s.saved()).isZero();
    }
  }

  @Test
  void treeLinksToAnotherHostAreFollowedOnlyWithSpanHosts() throws IOException {
    try (ThumbsupSite site = ThumbsupSite.start(pictures, 100, "London:3", "Paris:4")) {
      String elsewhere = site.url("london.html").replace("127.0.0.1", "localhost");
      site.server()
          .route(
              "/links.html",
              ex ->
                  ex.respond(
                      200,
                      "text/html",
                      "<ul id=galleries><li><a href='"
                          + elsewhere
                          + "'>London</a><li><a href='paris.html'>Paris</a></ul>"));

      CrawlSummary within = TreeJob.of(out, site.url("links.html")).build().run();
      assertThat(within.saved()).isEqualTo(4);
      assertThat(site.server().count("/london.html")).isZero();

      CrawlSummary spanning =
          TreeJob.of(tmp.resolve("span"), site.url("links.html")).spanHosts(true).build().run();
      assertThat(spanning.saved()).isEqualTo(7);
      assertThat(site.server().count("/london.html")).isEqualTo(1);
    }
  }

  @Test
  void killedInTheMiddleOfATreeResumesWithoutFetchingAReadPageAgain() throws Exception {
    try (ThumbsupSite site =
        ThumbsupSite.start(
            pictures, 8, "2016/London:10", "2016/Paris:3", "2017/Rome:12", "2017/Oslo:4")) {
      site.hold("/2017-");
      String start = site.url("index.html");
      child =
          new ProcessBuilder(ChildJvm.command(List.of(), TreeJob.class, start, out.toString()))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("child.log").toFile())
              .start();
      assertThat(site.awaitHeld(Duration.ofSeconds(60))).as("a 2017 album asked for").isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // home, 2016, 2017, london, london2, paris: everything outside 2017's albums
      while (donePages().size() < 6) {
        assertThat(System.nanoTime()).as("6 pages recorded within 60 s").isLessThan(deadline);
        Thread.sleep(10);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Set<String> read = donePages();
      site.release();

      CrawlSummary s = TreeJob.of(out, start).build().run();

      assertThat(s.complete()).isTrue();
      assertEveryOriginalSaved(site.originals());
      ManifestCheck.everyPictureSavedOnce(out.resolve("manifest.jsonl"), 29);
      for (String url : read) {
        String path = url.substring(url.indexOf('/', "http://".length()));
        assertThat(site.server().count(path)).as("read before the kill: " + path).isEqualTo(1);
      }
      assertThat(s.pagesFetched()).isEqualTo(site.pagePaths().size() - read.size());
    }
  }

  /** Pages the state records as read, looked at while another process crawls. */
  Set<String> donePages() throws SQLException {
    Set<String> urls = new HashSet<>();
    Path db = out.resolve(".trawl/state.db");
    if (!Files.exists(db)) {
      return urls;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      try (ResultSet rs =
          st.executeQuery("SELECT url FROM items WHERE kind = 'PAGE' AND status = 'DONE'")) {
        while (rs.next()) {
          urls.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      if (e.getMessage().contains("no such column") || e.getMessage().contains("no such table")) {
        return urls; // the child is still creating the schema
      }
      throw e;
    }
    return urls;
  }
}
