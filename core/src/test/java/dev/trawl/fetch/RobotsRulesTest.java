package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RobotsRulesTest {
  private static final String ROBOTS_URL = "http://example.com/robots.txt";

  private static RobotsRules parse(String body) {
    return RobotsRules.parse(
        ROBOTS_URL, body.getBytes(StandardCharsets.UTF_8), "text/plain", "trawl");
  }

  @ParameterizedTest
  @CsvSource({
    "http://example.com/private/a.jpg, false",
    "http://example.com/private, true",
    "http://example.com/public/a.jpg, true",
    "http://example.com/, true",
  })
  void disallowedFolderIsRefused(String url, boolean allowed) {
    RobotsRules rules = parse("User-agent: *\nDisallow: /private/\n");
    assertThat(rules.isAllowed(url)).isEqualTo(allowed);
  }

  @Test
  void groupForTrawlWinsOverTheWildcard() {
    RobotsRules rules = parse("User-agent: *\nDisallow: /\n\nUser-agent: trawl\nDisallow: /x/\n");
    assertThat(rules.isAllowed("http://example.com/a.jpg")).isTrue();
    assertThat(rules.isAllowed("http://example.com/x/a.jpg")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"2, PT2S", "0.5, PT0.5S", "600, PT10M"})
  void crawlDelayIsReadUncapped(String value, String expected) {
    RobotsRules rules = parse("User-agent: *\nCrawl-delay: " + value + "\nDisallow: /no/\n");
    assertThat(rules.crawlDelay()).contains(Duration.parse(expected));
    assertThat(rules.isAllowed("http://example.com/yes")).isTrue();
  }

  @Test
  void noCrawlDelayIsEmpty() {
    assertThat(parse("User-agent: *\nDisallow:\n").crawlDelay()).isEmpty();
  }

  @Test
  void deferredRulesRefuseEverythingWithTheirReason() {
    RobotsRules rules = RobotsRules.deferred("robots.txt unavailable (http 503)");
    assertThat(rules.isAllowed("http://example.com/")).isFalse();
    assertThat(rules.reason()).isEqualTo("robots.txt unavailable (http 503)");
  }

  @Test
  void allowAllAllowsEverything() {
    assertThat(RobotsRules.allowAll().isAllowed("http://example.com/private/x")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "http://Example.com/a/b?c=d, http://example.com/robots.txt",
    "https://example.com:8443/x, https://example.com:8443/robots.txt",
    "http://127.0.0.1:1234/, http://127.0.0.1:1234/robots.txt",
  })
  void robotsUrlIsPerOrigin(String url, String robots) {
    assertThat(RobotsCache.robotsUrl(url)).isEqualTo(robots);
  }
}
