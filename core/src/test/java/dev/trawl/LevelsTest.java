package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.BooruBoard;
import dev.trawl.extract.ExtractRules;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.postgres.PostgresCrawlStore;
import dev.trawl.frontier.postgres.PostgresServer;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import dev.trawl.testing.BoardJob;
import dev.trawl.testing.ChildJvm;
import dev.trawl.testing.ManifestCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crawls of more than one level of pages: a booru board's listing, its work pages, originals. */
class LevelsTest {
  BooruBoard board;
  Process child;

  @TempDir Path tmp;
  Path out;

  @BeforeEach
  void outDir() {
    out = tmp.resolve("out");
  }

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (board != null) {
      board.close();
    }
  }

  List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("manifest.jsonl") && !n.equals("index.html"))
          .sorted()
          .toList();
    }
  }

  void assertEveryOriginalIn(List<Path> dirs) throws IOException {
    List<String> expected = new ArrayList<>();
    for (int id : board.ids()) {
      expected.add(board.originalName(id));
    }
    List<String> found = new ArrayList<>();
    for (Path dir : dirs) {
      for (String name : files(dir)) {
        found.add(name);
        int id = board.ids().get(expected.indexOf(name));
        assertThat(dir.resolve(name)).hasBinaryContent(board.original(id));
      }
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aListingOfWorkPagesSavesEveryOriginalWithItsOwnExtensionAndNoThumbnail() throws Exception {
    board = BooruBoard.builder().start();

    CrawlSummary s = BoardJob.of(out, board.url("/posts?page=1")).build().run();

    assertThat(s.complete()).isTrue();
    assertEveryOriginalIn(List.of(out));
    assertThat(files(out)).anyMatch(n -> n.endsWith(".png")).anyMatch(n -> n.endsWith(".jpg"));
    assertThat(s.pagesByLevel()).containsExactly(Map.entry("listing", 3L), Map.entry("work", 12L));
    for (int id : board.ids()) {
      assertThat(board.requestCount("/posts/" + id)).isEqualTo(1);
    }
    ManifestCheck.everyPictureSavedOnce(out.resolve("manifest.jsonl"), 12);
    try (CrawlStore state = SqliteCrawlStore.open(out.resolve(".trawl"))) {
      assertThat(state.countsByLevel(Kind.PAGE))
          .isEqualTo(Map.of(0, Map.of(Status.DONE, 3L), 1, Map.of(Status.DONE, 12L)));
      assertThat(state.countsByLevel(Kind.IMAGE)).isEqualTo(Map.of(1, Map.of(Status.SAVED, 12L)));
    }
  }

  @Test
  void anOpenRangeOfListingPagesEndsAtThePageWithoutNewWorks() throws Exception {
    board = BooruBoard.builder().start();

    CrawlSummary s = BoardJob.of(out, board.url("/posts?page={1..}")).build().run();

    assertThat(s.complete()).isTrue();
    assertEveryOriginalIn(List.of(out));
    assertThat(s.pagesByLevel().get("work")).isEqualTo(12);
  }

  @Test
  void aJsonApiOverAnOpenRangeStopsAtTheFirstEmptyPageAndKeepsEachPostWithItsPicture()
      throws Exception {
    board = BooruBoard.builder().start();
    List<ItemOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

    CrawlSummary s =
        Crawler.builder()
            .start(board.url("/posts.json?page={1..}"))
            .rules(
                new ExtractRules(
                    "$[*].file_url",
                    ExtractRules.DEFAULT_ATTRIBUTES,
                    "link[rel=next], a[rel=next]"))
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

    assertThat(s.complete()).isTrue();
    assertEveryOriginalIn(List.of(out));
    // pages 1..3 have posts, 4 is [] and ends the range; the window may have asked for a few more
    assertThat(board.requestCount("/posts.json?page=4")).isEqualTo(1);
    assertThat(board.requestCount("/posts.json")).isLessThanOrEqualTo(3 + 4);
    assertThat(outcomes).hasSize(12);
    for (ItemOutcome o : outcomes) {
      int id =
          board.ids().get(board.ids().stream().map(board::originalUrl).toList().indexOf(o.url()));
      assertThat(o.source()).contains("\"id\":" + id).contains("\"file_url\":\"" + o.url());
    }
    try (CrawlStore state = SqliteCrawlStore.open(out.resolve(".trawl"))) {
      state.forEach(Kind.IMAGE, null, item -> assertThat(item.jsonSource()).contains("\"md5\":"));
    }
  }

  @Test
  void aSelectorOfTheWrongKindFailsThePageWithTheReason() throws Exception {
    board = BooruBoard.builder().start();

    CrawlSummary s =
        Crawler.builder()
            .start(board.url("/posts?page=1"))
            .rules(new ExtractRules("$[*].file_url", List.of("src"), "a.paginator-next"))
            .outDir(out)
            .maxPages(1)
            .build()
            .run();

    assertThat(s.complete()).isFalse();
    assertThat(s.pageFailures())
        .extracting(PageOutcome::reason)
        .containsExactly("JSONPath selector on an HTML page: $[*].file_url");
  }

  @Test
  void killedDuringTheWorkPagesResumesWithoutFetchingAReadWorkPageAgain() throws Exception {
    board = BooruBoard.builder().holdWorkPagesAfter(6).start();
    String start = board.url("/posts?page=1");
    child =
        new ProcessBuilder(ChildJvm.command(List.of(), BoardJob.class, start, out.toString()))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    assertThat(board.awaitHeld(Duration.ofSeconds(60))).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (doneWorkPages().size() < 3) {
      assertThat(System.nanoTime()).as("3 work pages recorded within 60 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Set<String> read = doneWorkPages();
    int boardPort = board.boardPort();
    int cdnPort = board.cdnPort();
    board.close();

    board = BooruBoard.builder().ports(boardPort, cdnPort).start(); // the same, nothing held
    CrawlSummary s = BoardJob.of(out, start).build().run();

    assertThat(s.complete()).isTrue();
    assertEveryOriginalIn(List.of(out));
    for (String url : read) {
      String path = url.substring(url.indexOf("/posts/"), url.indexOf('?'));
      assertThat(board.requestCount(path)).as("read before the kill: " + path).isZero();
    }
    assertThat(s.pagesByLevel().get("work")).isEqualTo(12L - read.size());
    ManifestCheck.everyPictureSavedOnce(out.resolve("manifest.jsonl"), 12);
  }

  /** Work pages the state records as read, looked at while another process crawls. */
  Set<String> doneWorkPages() throws SQLException {
    Set<String> urls = new HashSet<>();
    Path db = out.resolve(".trawl/state.db");
    if (!Files.exists(db)) {
      return urls;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT url FROM items WHERE kind = 'PAGE' AND level = 1 AND status = 'DONE'")) {
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

  @Test
  void twoWorkersOnPostgresqlShareATwoLevelCrawl() throws Exception {
    PostgresServer server = PostgresServer.shared();
    String crawl = PostgresServer.freshCrawl();
    board = BooruBoard.builder().posts(30).latency(Duration.ofMillis(5)).start();
    List<Path> outs = List.of(tmp.resolve("w1"), tmp.resolve("w2"));
    List<CrawlSummary> summaries = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (Path dir : outs) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    CrawlSummary s =
                        BoardJob.of(dir, board.url("/posts?page=1"))
                            .store(server.url())
                            .crawlName(crawl)
                            .build()
                            .run();
                    synchronized (summaries) {
                      summaries.add(s);
                    }
                  }));
    }
    for (Thread t : workers) {
      t.join(120_000);
    }

    assertThat(summaries).hasSize(2).allMatch(CrawlSummary::complete);
    assertEveryOriginalIn(outs);
    long workPagesRead = 0;
    for (CrawlSummary s : summaries) {
      workPagesRead += s.pagesByLevel().get("work");
    }
    assertThat(workPagesRead).isEqualTo(30);
    for (int id : board.ids()) {
      assertThat(board.requestCount("/posts/" + id)).isEqualTo(1);
    }
    try (CrawlStore state = PostgresCrawlStore.open(server.url(), crawl)) {
      assertThat(state.countsByLevel(Kind.PAGE))
          .isEqualTo(Map.of(0, Map.of(Status.DONE, 6L), 1, Map.of(Status.DONE, 30L)));
    }
  }
}
