package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.BooruBoard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -g}, {@code -i} and {@code --sitemaps} from the command line. */
class StartListsCliTest {
  static BooruBoard board;

  @TempDir Path tmp;

  @BeforeAll
  static void startBoard() throws IOException {
    board = BooruBoard.builder().start();
  }

  @AfterAll
  static void stopBoard() {
    board.close();
  }

  private static void assertOneLineError(Run r, String naming) {
    TrawlCliTest.assertOneLineError(r, ExitCode.USAGE, naming);
  }

  @Test
  void getUrlsPrintsEachPictureAsItWouldBeRequestedAndWritesNothing() {
    Path out = tmp.resolve("imgs");
    Run r =
        trawl(
            "get",
            "-g",
            "--quiet",
            board.url("/posts?page=1"),
            "--follow",
            ".post-preview a",
            "--select",
            "#post-option-download a",
            "--attr",
            "href",
            "--rewrite",
            "\\?download=1$=>",
            "-o",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().sorted().toList())
        .isEqualTo(board.ids().stream().map(board::originalUrl).sorted().toList());
    assertThat(out).doesNotExist();
  }

  @Test
  void getUrlsWithStoreIsAUsageError() {
    assertOneLineError(
        trawl("get", "-g", "--store", "postgresql://db/x", "http://127.0.0.1/"),
        "--get-urls cannot be used with --store");
  }

  @Test
  void aMissingInputFileIsAUsageError() {
    assertOneLineError(
        trawl("get", "-i", tmp.resolve("nope.txt").toString()), tmp.resolve("nope.txt").toString());
  }

  @Test
  void anInputListWithABadLineSavesTheRestAndExits1NamingTheLine() throws IOException {
    List<Integer> ids = board.ids();
    Path list =
        Files.write(
            tmp.resolve("urls.txt"),
            List.of(
                "# two originals and a work page",
                board.originalUrl(ids.get(0)),
                "mailto:someone@example.com",
                board.originalUrl(ids.get(1)),
                board.url("/posts/" + ids.get(2))),
            StandardCharsets.UTF_8);
    Path out = tmp.resolve("list");

    Run r =
        trawl(
            "get",
            "-i",
            list.toString(),
            "--select",
            "#post-option-download a",
            "--attr",
            "href",
            "-o",
            out.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.out())
        .contains("3 saved")
        .contains("skipped: " + list + " line 3: not an http(s) URL: mailto:someone@example.com");
    for (int i = 0; i < 3; i++) {
      assertThat(out.resolve(board.originalName(ids.get(i)))).exists();
    }
  }

  @Test
  void aListOnStdinIsReadAndARerunAddsNothingTwice() throws IOException {
    List<Integer> ids = board.ids();
    String list = board.originalUrl(ids.get(0)) + "\n" + board.originalUrl(ids.get(1)) + "\n";
    Path out = tmp.resolve("stdin");
    InputStream stdin = System.in;
    Run first;
    Run again;
    try {
      System.setIn(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
      first = trawl("get", "-i", "-", "--select", "img", "-o", out.toString());
      System.setIn(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
      again = trawl("get", "-i", "-", "--select", "img", "-o", out.toString());
    } finally {
      System.setIn(stdin);
    }

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("2 saved");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("0 found: 0 saved").contains("crawl   2 saved");
    for (int i = 0; i < 2; i++) {
      assertThat(out.resolve(board.originalName(ids.get(i)))).exists();
    }
  }

  @Test
  void sitemapsReadsTheRobotsSitemapLines() {
    Path out = tmp.resolve("sitemaps");
    Run r =
        trawl(
            "get",
            "--sitemaps",
            board.url("/posts?page=99"),
            "--select",
            "#post-option-download a",
            "--attr",
            "href",
            "-o",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    for (int id : board.ids()) {
      assertThat(out.resolve(board.originalName(id))).exists();
    }
  }
}
