package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.BooruBoard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --follow} and recipe {@code [[level]]} tables against a booru-shaped board. */
class LevelsCliTest {
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

  List<String> originals(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".png") || n.endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  List<String> expectedOriginals() {
    return board.ids().stream().map(board::originalName).sorted().toList();
  }

  @Test
  void followTakesTheOriginalsFromTheWorkPagesAndTheSummaryCountsPagesPerLevel()
      throws IOException {
    Path out = tmp.resolve("imgs");
    Run r =
        trawl(
            "get",
            board.url("/posts?page=1"),
            "--follow",
            ".post-preview a",
            "--select",
            "#post-option-download a",
            "--attr",
            "href",
            "-o",
            out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("pages   15 read (3 listing + 12 work)");
    assertThat(originals(out)).isEqualTo(expectedOriginals());
  }

  @Test
  void aRecipeWritesTheLevelsOutInFull() throws IOException {
    Path recipe =
        Files.writeString(
            tmp.resolve("board.toml"),
            """
            [[level]]
            name = "listing"
            follow = "article.post-preview a.post-preview-link"
            next = "a.paginator-next"

            [[level]]
            name = "post"
            select = "#post-option-download a"
            attr = ["href"]
            """);
    Path out = tmp.resolve("recipe");

    Run r =
        trawl(
            "get", "--recipe", recipe.toString(), "-o", out.toString(), board.url("/posts?page=1"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(3 listing + 12 post)");
    assertThat(originals(out)).isEqualTo(expectedOriginals());
  }

  @Test
  void moreThanFiveFollowsIsAUsageError() {
    List<String> args = new ArrayList<>(List.of("get", "http://127.0.0.1/"));
    for (int i = 0; i < 6; i++) {
      args.addAll(List.of("--follow", "a.l" + i));
    }
    assertOneLineError(trawl(args.toArray(String[]::new)), "too many --follow: 6 (at most 5)");
  }

  @Test
  void aFollowSelectorThatDoesNotParseIsNamed() {
    assertOneLineError(trawl("get", "--follow", "a[href", "http://127.0.0.1/"), "a[href");
  }

  @Test
  void followWithRecipeLevelsIsAUsageError() throws IOException {
    Path recipe =
        Files.writeString(
            tmp.resolve("levels.toml"), "[[level]]\nfollow = \"a\"\n[[level]]\nselect = \"img\"\n");
    assertOneLineError(
        trawl("get", "--recipe", recipe.toString(), "--follow", "a", "http://127.0.0.1/"),
        "--follow cannot be combined");
  }

  @Test
  void anUnknownKeyInALevelTableIsNamed() throws IOException {
    Path recipe = Files.writeString(tmp.resolve("bad.toml"), "[[level]]\nfolow = \"a\"\n");
    assertOneLineError(trawl("get", "--recipe", recipe.toString(), "http://127.0.0.1/"), "folow");
  }
}
