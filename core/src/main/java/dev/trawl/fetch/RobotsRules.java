package dev.trawl.fetch;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One host's robots.txt rules for one user agent token. Immutable and thread-safe. Parsing is pure
 * (crawler-commons {@link SimpleRobotRulesParser}); fetching is {@link RobotsCache}'s job.
 */
public final class RobotsRules {
  /** The skip reason of a URL that robots.txt disallows. */
  public static final String DISALLOWED = "robots.txt";

  private static final RobotsRules ALLOW_ALL =
      new RobotsRules(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), DISALLOWED);

  private final BaseRobotRules rules;
  private final String reason;

  private RobotsRules(BaseRobotRules rules, String reason) {
    this.rules = rules;
    this.reason = reason;
  }

  /** No robots.txt (a 4xx): everything allowed. */
  public static RobotsRules allowAll() {
    return ALLOW_ALL;
  }

  /**
   * robots.txt unreachable (5xx, network error): nothing allowed for this crawl, with {@code
   * reason}, e.g. "robots.txt unavailable (http 503)".
   */
  public static RobotsRules deferred(String reason) {
    return new RobotsRules(
        new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), reason);
  }

  /**
   * Parses a robots.txt body for {@code agent} (a product token such as "trawl"). Crawl-delay is
   * kept whatever its size; the caller caps it.
   */
  public static RobotsRules parse(
      String robotsUrl, byte[] content, String contentType, String agent) {
    SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    // The parser would disallow everything above its own cap; we cap the delay instead.
    parser.setMaxCrawlDelay(Long.MAX_VALUE);
    String type = contentType == null || contentType.isBlank() ? "text/plain" : contentType;
    return new RobotsRules(
        parser.parseContent(robotsUrl, content, type, List.of(agent.toLowerCase(Locale.ROOT))),
        DISALLOWED);
  }

  /** The sitemaps its {@code Sitemap:} lines name, in order. */
  public List<String> sitemaps() {
    return List.copyOf(rules.getSitemaps());
  }

  /** Whether {@code url} may be fetched. */
  public boolean isAllowed(String url) {
    return rules.isAllowed(url);
  }

  /** Why a URL is refused: "robots.txt", or the reason given to {@link #deferred}. */
  public String reason() {
    return reason;
  }

  /** The Crawl-delay for our agent, if robots.txt sets one. */
  public Optional<Duration> crawlDelay() {
    long ms = rules.getCrawlDelay();
    return ms == BaseRobotRules.UNSET_CRAWL_DELAY || ms < 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(ms));
  }

  @Override
  public String toString() {
    return "RobotsRules[" + rules + ", reason=" + reason + "]";
  }
}
