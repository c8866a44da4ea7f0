package dev.trawl.fetch;

import java.time.Duration;

/**
 * How gently a crawl treats each host. All defaults live in {@link #defaults()}.
 *
 * @param obeyRobots fetch and obey robots.txt for pages and images (default true)
 * @param perHost most requests in flight to one host (default 8); lowered temporarily on 429/503
 * @param delay least time between request starts on one host (default 0); robots Crawl-delay may
 *     raise it for a host
 * @param delayMax with {@code delay}, a range: each gap between starts on a host is drawn uniformly
 *     from [delay, delayMax] ({@code --delay 1s-3s}); equal to {@code delay} for a fixed gap
 * @param maxCrawlDelay cap on a robots.txt Crawl-delay (default 10 s)
 * @param retries retries after the first attempt of a retryable failure (default 4)
 * @param backoffBase first backoff ceiling; doubles per retry, the wait is uniform in [0, ceiling]
 *     ("full jitter", default 500 ms)
 * @param backoffCap largest backoff ceiling (default 30 s)
 * @param maxRetryAfter longest Retry-After honoured (default 120 s); asking for longer ends the
 *     retries
 */
public record Politeness(
    boolean obeyRobots,
    int perHost,
    Duration delay,
    Duration delayMax,
    Duration maxCrawlDelay,
    int retries,
    Duration backoffBase,
    Duration backoffCap,
    Duration maxRetryAfter) {

  public Politeness {
    if (perHost < 1) {
      throw new IllegalArgumentException("perHost < 1: " + perHost);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries < 0: " + retries);
    }
    checkNotNegative("delay", delay);
    checkNotNegative("delayMax", delayMax);
    if (delayMax.compareTo(delay) < 0) {
      throw new IllegalArgumentException(
          "delay range ends before it starts: " + delay + "-" + delayMax);
    }
    checkNotNegative("maxCrawlDelay", maxCrawlDelay);
    checkNotNegative("backoffBase", backoffBase);
    checkNotNegative("backoffCap", backoffCap);
    checkNotNegative("maxRetryAfter", maxRetryAfter);
  }

  /** Obey robots, 8 per host, no delay, Crawl-delay up to 10 s, 4 retries, 500 ms..30 s, 120 s. */
  public static Politeness defaults() {
    return new Politeness(
        true,
        8,
        Duration.ZERO,
        Duration.ZERO,
        Duration.ofSeconds(10),
        4,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(120));
  }

  public Politeness withObeyRobots(boolean obey) {
    return new Politeness(
        obey,
        perHost,
        delay,
        delayMax,
        maxCrawlDelay,
        retries,
        backoffBase,
        backoffCap,
        maxRetryAfter);
  }

  public Politeness withPerHost(int n) {
    return new Politeness(
        obeyRobots,
        n,
        delay,
        delayMax,
        maxCrawlDelay,
        retries,
        backoffBase,
        backoffCap,
        maxRetryAfter);
  }

  public Politeness withDelay(Duration d) {
    return new Politeness(
        obeyRobots, perHost, d, d, maxCrawlDelay, retries, backoffBase, backoffCap, maxRetryAfter);
  }

  /** A gap between starts on a host drawn uniformly from [min, max]. */
  public Politeness withDelay(Duration min, Duration max) {
    return new Politeness(
        obeyRobots,
        perHost,
        min,
        max,
        maxCrawlDelay,
        retries,
        backoffBase,
        backoffCap,
        maxRetryAfter);
  }

  public Politeness withRetries(int n) {
    return new Politeness(
        obeyRobots,
        perHost,
        delay,
        delayMax,
        maxCrawlDelay,
        n,
        backoffBase,
        backoffCap,
        maxRetryAfter);
  }

  public Politeness withBackoff(Duration base, Duration cap) {
    return new Politeness(
        obeyRobots, perHost, delay, delayMax, maxCrawlDelay, retries, base, cap, maxRetryAfter);
  }

  public Politeness withMaxRetryAfter(Duration d) {
    return new Politeness(
        obeyRobots, perHost, delay, delayMax, maxCrawlDelay, retries, backoffBase, backoffCap, d);
  }

  public Politeness withMaxCrawlDelay(Duration d) {
    return new Politeness(
        obeyRobots, perHost, delay, delayMax, d, retries, backoffBase, backoffCap, maxRetryAfter);
  }

  private static void checkNotNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " < 0: " + d);
    }
  }
}
