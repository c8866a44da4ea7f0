package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrawlerBuilderTest {
  @ParameterizedTest
  @CsvSource({
    "ftp://example.com/p, ftp://example.com/p",
    "example.com/p, example.com/p",
    "http:///nohost, http:///nohost",
    "'http://example.com/p/{5..1}', '{5..1}'",
    "'http://example.com/p/{a..b}', '{a..b}'",
  })
  void badStartUrlIsRefusedNamingIt(String url, String naming) {
    assertThatThrownBy(() -> Crawler.builder().start(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(naming);
  }

  @Test
  void badLimitsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> Crawler.builder().concurrency(0))
        .hasMessage("concurrency not in 1..1024: 0");
    assertThatThrownBy(() -> Crawler.builder().perHost(-2))
        .hasMessage("per-host not in 1..1024: -2");
    assertThatThrownBy(() -> Crawler.builder().maxPages(-1)).hasMessage("max pages < 0: -1");
  }

  @Test
  void badRewriteIsRefusedNamingIt() {
    assertThatThrownBy(() -> Crawler.builder().rewrite("a(=>b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a(=>b");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    CrawlConfig c = Crawler.builder().start("http://example.com/").build().config();
    assertThat(c.concurrency()).isEqualTo(16);
    assertThat(c.politeness().perHost()).isEqualTo(8);
    assertThat(c.politeness().obeyRobots()).isTrue();
    assertThat(c.outDir()).isEqualTo(Path.of("imgs"));
    assertThat(c.maxFileSize()).isEqualTo(100L << 20);
    assertThat(c.userAgent()).startsWith("trawl/");
    assertThat(c.followNext()).isTrue();
    assertThat(c.levels()).hasSize(1);
    assertThat(c.levels().get(0).fallback()).isFalse();
    assertThat(c.levels().get(0).rules()).isEqualTo(ExtractRules.defaults());
  }

  @Test
  void eachFollowAddsALevelAndSelectRewriteAndFallbackGoToTheLast() {
    CrawlConfig c =
        Crawler.builder()
            .start("http://example.com/")
            .rules(new ExtractRules("a.download", List.of("href"), "a.next"))
            .follow(".post-preview a")
            .follow("a.gallery")
            .rewrite("_s=>_l")
            .fallback(true)
            .build()
            .config();

    assertThat(c.levels()).extracting(Level::name).containsExactly("listing", "level 1", "work");
    assertThat(c.levels().get(0).rules())
        .isEqualTo(new ExtractRules(null, List.of("href"), "a.next", ".post-preview a"));
    assertThat(c.levels().get(1).rules())
        .isEqualTo(new ExtractRules(null, List.of("href"), null, "a.gallery"));
    assertThat(c.levels().get(2).rules())
        .isEqualTo(new ExtractRules("a.download", List.of("href"), null, null));
    assertThat(c.levels().get(0).rewriter().isIdentity()).isTrue();
    assertThat(c.levels().get(2).rewriter().rewrite("http://x/a_s.jpg"))
        .isEqualTo("http://x/a_l.jpg");
    assertThat(c.levels().get(2).fallback()).isTrue();
  }

  @Test
  void aSixthFollowIsRefusedNamingTheLimit() {
    Crawler.Builder b = Crawler.builder();
    for (int i = 0; i < 5; i++) {
      b.follow("a.l" + i);
    }

    assertThatThrownBy(() -> b.follow("a.l5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("too many follow levels: 6 (at most 5)");
  }

  @Test
  void aFollowSelectorThatDoesNotParseIsRefusedNamingIt() {
    assertThatThrownBy(() -> Crawler.builder().follow("a[href"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad CSS selector: a[href");
  }

  @Test
  void aLastLevelThatFollowsLinksIsRefused() {
    Crawler.Builder b =
        Crawler.builder()
            .start("http://example.com/")
            .levels(
                List.of(Level.of("listing", new ExtractRules(null, List.of("href"), null, "a"))));

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the last level (listing) follows links to no level");
  }

  @Test
  void aBuildWithoutStartUrlIsRefused() {
    assertThatThrownBy(() -> Crawler.builder().build()).hasMessage("no start URL");
  }
}
