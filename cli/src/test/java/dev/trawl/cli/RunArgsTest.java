package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunArgsTest {
  @Test
  void theRecordedRunKeepsNoStoreCrawlOrPasswordAndAbsolutePaths() {
    String d =
        RunArgs.describe(
            List.of(
                "get",
                "--store",
                "postgresql://h/db?user=u&password=secret",
                "--crawl=c",
                "--recipe",
                "job.toml",
                "https://a.test/p/{1..3}"));

    assertThat(d).startsWith("trawl get ").doesNotContain("secret").doesNotContain("--crawl");
    assertThat(RunArgs.parse(d).orElseThrow())
        .containsExactly(
            "--recipe",
            Path.of("job.toml").toAbsolutePath().normalize().toString(),
            "https://a.test/p/{1..3}");
  }

  @Test
  void aRerunGetsItsOwnOutDirAndStoreAndNoRefresh() {
    List<String> recorded = List.of("--refresh", "-o", "old", "-j", "4", "https://a.test/");

    assertThat(RunArgs.withOut(recorded, Path.of("/new"), "postgresql://h/db", "c"))
        .containsExactly(
            "get",
            "-j",
            "4",
            "https://a.test/",
            "--out",
            "/new",
            "--store",
            "postgresql://h/db",
            "--crawl",
            "c");
    assertThat(RunArgs.withOut(recorded, Path.of("/new"), null, null))
        .containsExactly("get", "-j", "4", "https://a.test/", "--out", "/new");
  }

  @Test
  void aDescriptionThatIsNotAGetIsNotParsed() {
    assertThat(RunArgs.parse("something else")).isEmpty();
    assertThat(RunArgs.parse(null)).isEmpty();
  }
}
