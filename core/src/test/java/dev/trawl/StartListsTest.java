package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.BooruBoard;
import dev.trawl.extract.ExtractRules;
import dev.trawl.frontier.UrlList;
import dev.trawl.testing.BoardJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crawls that start from sitemaps, robots.txt Sitemap: lines, URL lists, and dry runs. */
class StartListsTest {
  BooruBoard board;

  @TempDir Path tmp;
  Path out;

  @BeforeEach
  void start() throws IOException {
    board = BooruBoard.builder().start();
    out = tmp.resolve("out");
  }

  @AfterEach
  void stop() {
    board.close();
  }

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".png") || n.endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  void assertEveryOriginalSaved() throws IOException {
    assertThat(files())
        .containsExactlyInAnyOrderElementsOf(
            board.ids().stream().map(board::originalName).toList());
    for (int id : board.ids()) {
      assertThat(out.resolve(board.originalName(id))).hasBinaryContent(board.original(id));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/sitemap.xml", "/sitemap.xml.gz", "/sitemap_index.xml"})
  void anImageSitemapGivesItsPicturesAndItsPagesAsTheLastLevel(String sitemap) throws Exception {
    CrawlSummary s = BoardJob.of(out, board.url(sitemap)).build().run();

    assertThat(s.complete()).isTrue();
    assertEveryOriginalSaved();
    for (int id : board.ids()) {
      assertThat(board.requestCount("/posts/" + id)).as("work page " + id).isEqualTo(1);
    }
    // each original is listed by image:loc and linked from its work page: one file each
    assertThat(s.saved() + s.duplicates()).isEqualTo(24);
  }

  @Test
  void sitemapsAlsoReadsTheSitemapLinesOfRobotsTxt() throws Exception {
    CrawlSummary s =
        Crawler.builder()
            .start(board.url("/posts?page=99")) // an empty listing: the sitemaps find everything
            .rules(new ExtractRules("#post-option-download a", List.of("href"), "a[rel=next]"))
            .sitemaps(true)
            .outDir(out)
            .build()
            .run();

    assertThat(s.complete()).isTrue();
    assertEveryOriginalSaved();
    assertThat(board.requestCount("/sitemap_index.xml")).isEqualTo(1);
    assertThat(board.requestCount("/sitemaps/posts-2.xml.gz")).isEqualTo(1);
  }

  @Test
  void anInputListSavesPicturesCrawlsPagesAndReportsItsBadLinesByNumber() throws Exception {
    List<Integer> ids = board.ids();
    List<String> lines = new ArrayList<>();
    lines.add("# originals, work pages and a download link without an extension");
    for (int i = 0; i < 4; i++) {
      lines.add(board.originalUrl(ids.get(i)));
    }
    lines.add("");
    for (int i = 4; i < 8; i++) {
      lines.add("  " + board.url("/posts/" + ids.get(i)));
    }
    lines.add("ftp://example.com/a.jpg");
    for (int i = 8; i < 12; i++) {
      lines.add(board.url("/file/" + ids.get(i)));
    }
    lines.add("not a url");
    Path list = Files.write(tmp.resolve("urls.txt"), lines, StandardCharsets.UTF_8);

    CrawlSummary s =
        Crawler.builder()
            .input(UrlList.of(list))
            .rules(new ExtractRules(BoardJob.DOWNLOAD, List.of("href"), "a[rel=next]"))
            .outDir(out)
            .build()
            .run();

    assertThat(s.complete()).isFalse();
    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.rejectedLines())
        .containsExactly(
            list + " line 11: not an http(s) URL: ftp://example.com/a.jpg",
            list + " line 16: not an http(s) URL: not a url");
    assertThat(s.failed()).isZero();
    assertThat(s.pageFailures()).isEmpty();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int id = ids.get(i);
      // a picture behind /file/ID is named after the URL, with the extension its bytes have
      String name = i < 8 ? board.originalName(id) : id + board.originalName(id).substring(32);
      expected.add(name);
      assertThat(out.resolve(name)).hasBinaryContent(board.original(id));
    }
    assertThat(files()).containsExactlyInAnyOrderElementsOf(expected);
    // the pictures by extension were fetched once, as pictures, never read as pages first
    for (int i = 0; i < 4; i++) {
      String url = board.originalUrl(ids.get(i));
      assertThat(board.requestCount(url.substring(url.indexOf("/original/")))).isEqualTo(1);
    }
  }

  @Test
  void aDryRunListsEveryPictureAsItWouldBeRequestedAndWritesNothing() throws Exception {
    List<String> listed = new CopyOnWriteArrayList<>();
    CrawlSummary s =
        BoardJob.of(out, board.url("/posts?page=1"))
            .rewrite("\\?download=1$=>")
            .listOnly(true)
            .listener(
                new CrawlListener() {
                  @Override
                  public void imageListed(String url, String page) {
                    listed.add(url);
                  }
                })
            .build()
            .run();

    assertThat(s.complete()).isTrue();
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(board.ids().stream().map(board::originalUrl).toList());
    assertThat(out).doesNotExist();
    for (int id : board.ids()) {
      String url = board.originalUrl(id);
      assertThat(board.requestCount(url.substring(url.indexOf("/original/")))).isZero();
    }
  }
}
