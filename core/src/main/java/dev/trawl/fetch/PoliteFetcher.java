package dev.trawl.fetch;

import dev.trawl.aio.CancelledException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * {@link HttpFetcher} with manners: robots.txt, per-host limits that adapt to throttling, and
 * retries. One per crawl; thread-safe.
 *
 * <p>Each {@link #get} checks robots.txt (unless {@link Politeness#obeyRobots()} is off), then for
 * each attempt takes a slot from the {@link HostLimiter} (per-host concurrency, start spacing,
 * Retry-After pauses), fetches, and frees the slot. Retryable failures ({@link
 * RetryPolicy#isRetryable}) are retried up to {@link Politeness#retries()} times after a wait of
 * Retry-After when the server sent one, else exponential backoff with full jitter. No slot is held
 * while waiting. A 429 or 503 halves the host's concurrency; answers raise it again.
 *
 * <p>The handler runs once per attempt on a fresh response and must clean up after itself when it
 * throws. It never sees a retryable status (408, 425, 429, 5xx listed in {@link
 * RetryPolicy#isRetryableStatus}): those end in an {@link HttpStatusException}.
 *
 * <p>Failures: {@link RobotsDeniedException} when robots.txt forbids the URL (nothing requested);
 * otherwise every failure is a {@link FetchFailedException} carrying the last attempt's failure as
 * its cause and the number of attempts. Cancellation (an interrupt) ends waits and requests with
 * {@link CancelledException}, the interrupt flag left set.
 */
public final class PoliteFetcher {
  /** The value a handler returned and how many attempts it took. */
  public record Fetched<T>(T value, int attempts) {}

  /** One attempt at a request; {@code HttpFetcher::get} in production. */
  @FunctionalInterface
  interface Transport {
    <T> T get(
        String url,
        Map<String, String> headers,
        long maxBytes,
        HttpFetcher.HopCheck hops,
        HttpFetcher.Handler<T> handler)
        throws IOException;
  }

  /** The robots.txt product token trawl obeys. */
  public static final String ROBOTS_AGENT = "trawl";

  /**
   * robots.txt bytes read at most, as Google (RFC 9309 asks for at least 500 KiB); the rules found
   * in them apply, up to the last whole line.
   */
  public static final int ROBOTS_MAX_BYTES = 500 * 1024;

  private final Transport transport;
  private final Politeness politeness;
  private final HostLimiter limiter;
  private final RobotsCache robots;
  private final RandomGenerator random;
  private final Clock clock;
  private final HostGate gate;

  /** Polite fetches through {@code fetcher}, which the caller closes. */
  public PoliteFetcher(HttpFetcher fetcher, Politeness politeness) {
    this(fetcher, politeness, HostGate.LOCAL);
  }

  /** Polite fetches that also pass {@code gate}, limits shared with other workers. */
  public PoliteFetcher(HttpFetcher fetcher, Politeness politeness, HostGate gate) {
    this(
        fetcher::get,
        politeness,
        new HostLimiter(politeness.perHost(), politeness.delay(), politeness.delayMax()),
        new Random(),
        Clock.systemUTC(),
        gate);
  }

  PoliteFetcher(
      Transport transport,
      Politeness politeness,
      HostLimiter limiter,
      RandomGenerator random,
      Clock clock) {
    this(transport, politeness, limiter, random, clock, HostGate.LOCAL);
  }

  PoliteFetcher(
      Transport transport,
      Politeness politeness,
      HostLimiter limiter,
      RandomGenerator random,
      Clock clock,
      HostGate gate) {
    this.transport = transport;
    this.politeness = politeness;
    this.limiter = limiter;
    this.random = random;
    this.clock = clock;
    this.gate = gate;
    this.robots = new RobotsCache(this::loadRobots);
  }

  /** The per-host limiter (to observe it, or to share the host's state). */
  public HostLimiter limiter() {
    return limiter;
  }

  /**
   * The sitemaps the robots.txt of {@code url}'s origin names in {@code Sitemap:} lines; read once
   * per origin (and shared with the robots checks), even when robots.txt is not obeyed.
   */
  public List<String> sitemaps(String url) {
    try {
      return robots.rules(url).sitemaps();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /**
   * GETs {@code url} politely; see the class comment.
   *
   * @throws RobotsDeniedException when robots.txt forbids the URL or could not be read
   * @throws FetchFailedException when the last attempt failed; its cause says why
   * @throws CancelledException when interrupted
   */
  public <T> Fetched<T> get(
      String url, Map<String, String> headers, long maxBytes, HttpFetcher.Handler<T> handler)
      throws IOException {
    HttpFetcher.HopCheck hops = HttpFetcher.HopCheck.NONE;
    if (politeness.obeyRobots()) {
      checkRobots(url);
      hops = this::checkRobots; // every redirect hop too
    }
    return withRetries(url, headers, maxBytes, hops, handler);
  }

  /** Throws when robots.txt forbids {@code url} or its host's robots.txt could not be read. */
  private void checkRobots(String url) throws RobotsDeniedException {
    RobotsRules rules;
    try {
      rules = robots.rules(url);
    } catch (IllegalArgumentException e) {
      return; // not http(s): the fetch itself will refuse it
    }
    if (!rules.isAllowed(url)) {
      throw new RobotsDeniedException(url, rules.reason());
    }
  }

  private <T> Fetched<T> withRetries(
      String url,
      Map<String, String> headers,
      long maxBytes,
      HttpFetcher.HopCheck hops,
      HttpFetcher.Handler<T> handler)
      throws IOException {
    String host = host(url);
    for (int attempt = 1; ; attempt++) {
      // Set by the handler wrapper: the raw Retry-After of a retryable status.
      String[] retryAfter = {null};
      IOException failure;
      try (HostLimiter.Permit p = limiter.acquire(host);
          Shared shared = enterShared(host, url)) {
        T value =
            transport.get(
                url,
                headers,
                maxBytes,
                hops,
                r -> {
                  if (RetryPolicy.isRetryableStatus(r.status())) {
                    retryAfter[0] = r.retryAfter();
                    if (RetryPolicy.isThrottle(r.status())) {
                      // Before the slot is freed, so no waiter starts unthrottled.
                      Duration pause = pause(retryAfter[0]);
                      limiter.onThrottled(host, pause);
                      if (pause.isPositive()) {
                        gate.pause(host, pause);
                      }
                    }
                    throw new HttpStatusException(r.status(), r.finalUrl());
                  }
                  limiter.onSuccess(host);
                  return handler.handle(r);
                });
        return new Fetched<>(value, attempt);
      } catch (IOException e) {
        failure = e;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new CancelledException("fetch cancelled: " + url, failure);
      }
      if (!RetryPolicy.isRetryable(failure) || attempt > politeness.retries()) {
        throw new FetchFailedException(failure, attempt);
      }
      Duration wait =
          RetryPolicy.backoff(attempt, politeness.backoffBase(), politeness.backoffCap(), random);
      Optional<Duration> asked = RetryPolicy.parseRetryAfter(retryAfter[0], clock.instant());
      if (asked.isPresent()) {
        if (asked.get().compareTo(politeness.maxRetryAfter()) > 0) {
          throw new FetchFailedException(failure, attempt); // later than we are willing to wait
        }
        wait = asked.get();
      }
      sleep(wait, url);
    }
  }

  /** A slot of the shared {@link HostGate}, held for one attempt. */
  private interface Shared extends AutoCloseable {
    @Override
    void close();
  }

  private Shared enterShared(String host, String url) {
    if (gate == HostGate.LOCAL) {
      return () -> {};
    }
    try {
      gate.enter(host, limiter.allowed(host), limiter.spacing(host));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("fetch cancelled: " + url, e);
    }
    return () -> gate.leave(host);
  }

  private Duration pause(String retryAfter) {
    Optional<Duration> d = RetryPolicy.parseRetryAfter(retryAfter, clock.instant());
    if (d.isEmpty()) {
      return Duration.ZERO;
    }
    Duration max = politeness.maxRetryAfter();
    return d.get().compareTo(max) > 0 ? max : d.get();
  }

  private RobotsRules loadRobots(String robotsUrl) {
    RobotsRules rules;
    try {
      rules =
          withRetries(
                  robotsUrl,
                  Map.of(),
                  Long.MAX_VALUE, // read up to the cap below, whatever the file's size
                  HttpFetcher.HopCheck.NONE,
                  r -> {
                    if (r.isSuccess()) {
                      byte[] body = wholeLines(r.body());
                      return RobotsRules.parse(r.finalUrl(), body, r.contentType(), ROBOTS_AGENT);
                    }
                    if (r.status() >= 400 && r.status() < 500) {
                      return RobotsRules.allowAll();
                    }
                    return RobotsRules.deferred(unavailable("http " + r.status()));
                  })
              .value();
    } catch (IOException e) {
      IOException cause = FetchFailedException.unwrap(e);
      rules = RobotsRules.deferred(unavailable(FailureReason.of(cause)));
    }
    Optional<Duration> delay = rules.crawlDelay();
    if (delay.isPresent()) {
      Duration max = politeness.maxCrawlDelay();
      limiter.crawlDelay(host(robotsUrl), delay.get().compareTo(max) > 0 ? max : delay.get());
    }
    return rules;
  }

  /**
   * The first {@link #ROBOTS_MAX_BYTES} of a robots.txt; when there is more, only up to the last
   * line break (a rule cut short could allow more than it says).
   */
  static byte[] wholeLines(java.io.InputStream body) throws IOException {
    byte[] head = body.readNBytes(ROBOTS_MAX_BYTES);
    if (head.length < ROBOTS_MAX_BYTES || body.read() < 0) {
      return head;
    }
    int end = head.length;
    while (end > 0 && head[end - 1] != '\n' && head[end - 1] != '\r') {
      end--;
    }
    return java.util.Arrays.copyOf(head, end);
  }

  private static String unavailable(String why) {
    return "robots.txt unavailable (" + why + ")";
  }

  private static void sleep(Duration wait, String url) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("fetch cancelled: " + url, e);
    }
  }

  static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
