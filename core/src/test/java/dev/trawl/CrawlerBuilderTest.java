package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
    assertThat(c.fallback()).isFalse();
  }

  @Test
  void aBuildWithoutStartUrlIsRefused() {
    assertThatThrownBy(() -> Crawler.builder().build()).hasMessage("no start URL");
  }
}
