package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void theRecordedRunKeepsTheCookiesPathAndMasksSecretHeadersAndProxyPasswords() {
    String d =
        RunArgs.describe(
            List.of(
                "get",
                "--cookies",
                "cookies.txt",
                "--header",
                "Authorization: Bearer s3cret",
                "--header=cookie: sid=s3cret",
                "--header",
                "X-Client: trawl",
                "--proxy",
                "socks5h://me:s3cret@127.0.0.1:9050",
                "https://a.test/"));

    assertThat(d).doesNotContain("s3cret");
    assertThat(RunArgs.parse(d).orElseThrow())
        .containsExactly(
            "--cookies",
            Path.of("cookies.txt").toAbsolutePath().normalize().toString(),
            "--header",
            "Authorization: ***",
            "--header",
            "cookie: ***",
            "--header",
            "X-Client: trawl",
            "--proxy",
            "socks5h://me:***@127.0.0.1:9050",
            "https://a.test/");
  }

  @Test
  void aRerunDropsMaskedSecretsAndItsOwnOptionsReplaceTheRecordedOnes() {
    List<String> recorded =
        List.of(
            "-j",
            "4",
            "--delay",
            "1s",
            "--header",
            "Authorization: ***",
            "--header",
            "X-A: 1",
            "--proxy",
            "http://me:***@p:1",
            "https://a.test/");
    List<String> own = List.of("--concurrency", "8", "--header", "Authorization: Bearer t");

    assertThat(
            RunArgs.merge(
                recorded,
                own,
                Set.of("-j", "--concurrency", "--delay", "--header", "--proxy"),
                Map.of("-j", "--concurrency")))
        .containsExactly(
            "--delay",
            "1s",
            "--header",
            "X-A: 1",
            "https://a.test/",
            "--concurrency",
            "8",
            "--header",
            "Authorization: Bearer t");
  }

  @Test
  void aDescriptionThatIsNotAGetIsNotParsed() {
    assertThat(RunArgs.parse("something else")).isEmpty();
    assertThat(RunArgs.parse(null)).isEmpty();
  }
}
