package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trawl.aio.CancelledException;
import dev.trawl.testing.HostileServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.CircularRedirectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoliteFetcherTest {
  private static final HttpFetcher.Handler<String> TEXT =
      r -> {
        if (!r.isSuccess()) {
          throw new HttpStatusException(r.status(), r.finalUrl());
        }
        return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
      };

  private static final Politeness FAST =
      Politeness.defaults()
          .withObeyRobots(false)
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100));

  private HostileServer server;
  private HttpFetcher http;

  @BeforeEach
  void start() throws IOException {
    server = HostileServer.start();
    http = fetcher(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws IOException {
    http.close();
    server.close();
  }

  private static HttpFetcher fetcher(Duration requestTimeout) {
    HttpFetcher.Settings d = HttpFetcher.Settings.defaults("trawl-test");
    return new HttpFetcher(
        new HttpFetcher.Settings(
            d.userAgent(),
            16,
            8,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            requestTimeout,
            10));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static final HttpFetcher.Handler<byte[]> BYTES =
      r -> {
        if (!r.isSuccess()) {
          throw new HttpStatusException(r.status(), r.finalUrl());
        }
        return r.body().readAllBytes();
      };

  // --- retries -----------------------------------------------------------------------------

  @Test
  void serviceUnavailableWithRetryAfterIsRetriedAfterTheWait() throws Exception {
    server.route(
        "/img",
        ex -> {
          if (ex.attempt() == 1) {
            ex.status(503, "Retry-After", "1");
          } else {
            ex.respond(200, "text/plain", "ok");
          }
        });
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    PoliteFetcher.Fetched<String> got = polite.get(server.url("/img"), Map.of(), 1 << 20, TEXT);

    assertThat(got.value()).isEqualTo("ok");
    assertThat(got.attempts()).isEqualTo(2);
    List<HostileServer.Request> seen = server.requests();
    assertThat(seen).hasSize(2);
    long gap = seen.get(1).startNanos() - seen.get(0).startNanos();
    assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void retryAfterBeyondTheMaximumEndsTheRetries() {
    server.route("/img", ex -> ex.status(503, "Retry-After", "3600"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class,
            () -> polite.get(server.url("/img"), Map.of(), 1 << 20, TEXT));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getCause()).isInstanceOf(HttpStatusException.class);
    assertThat(((HttpStatusException) e.getCause()).status()).isEqualTo(503);
    assertThat(server.count("/img")).isEqualTo(1);
  }

  @Test
  void tooManyRequestsStormHalvesThenRestoresHostConcurrency() throws Exception {
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withPerHost(4));
    CountDownLatch stormIn = new CountDownLatch(4);
    server.route(
        "/storm/",
        ex -> {
          if (ex.attempt() == 1) {
            stormIn.countDown();
            stormIn.await(10, TimeUnit.SECONDS); // all four in flight at once, then all refused
            ex.status(429);
          } else {
            ex.respond(200, "text/plain", "ok");
          }
        });
    runConcurrently(polite, "/storm/", 4);
    assertThat(server.maxInFlight(r -> r.path().startsWith("/storm/") && r.attempt() == 1))
        .as("before the storm")
        .isEqualTo(4);
    assertThat(server.maxInFlight(r -> r.path().startsWith("/storm/") && r.attempt() > 1))
        .as("after four 429s")
        .isLessThanOrEqualTo(2);
    String host = "127.0.0.1";
    assertThat(polite.limiter().allowed(host)).isEqualTo(3); // 1, then +1 after 1 and 2 answers

    server.route("/warm/", ex -> ex.respond(200, "text/plain", "ok"));
    polite.get(server.url("/warm/1"), Map.of(), 100, TEXT);
    polite.get(server.url("/warm/2"), Map.of(), 100, TEXT);
    polite.get(server.url("/warm/3"), Map.of(), 100, TEXT);
    assertThat(polite.limiter().allowed(host)).isEqualTo(4);

    CountDownLatch fullIn = new CountDownLatch(4);
    server.route(
        "/full/",
        ex -> {
          fullIn.countDown();
          fullIn.await(10, TimeUnit.SECONDS);
          ex.respond(200, "text/plain", "ok");
        });
    runConcurrently(polite, "/full/", 4);
    assertThat(server.maxInFlight("/full/")).as("restored").isEqualTo(4);
  }

  private void runConcurrently(PoliteFetcher polite, String prefix, int n) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < n; i++) {
      String url = server.url(prefix + i);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      assertThat(polite.get(url, Map.of(), 100, TEXT).value()).isEqualTo("ok");
                    } catch (Throwable t) {
                      failures.add(t);
                    }
                  }));
    }
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void resetAfterHeadersIsRetried() throws Exception {
    byte[] body = bytes(5000);
    server.route(
        "/img",
        ex -> {
          if (ex.attempt() == 1) {
            ex.resetAfterHeaders(200, body.length);
          } else {
            ex.respond(200, "image/jpeg", body);
          }
        });
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    PoliteFetcher.Fetched<byte[]> got = polite.get(server.url("/img"), Map.of(), 1 << 20, BYTES);

    assertThat(got.value()).isEqualTo(body);
    assertThat(got.attempts()).isEqualTo(2);
  }

  @Test
  void truncatedBodyIsRetriedAndTheWholeBodyReturned() throws Exception {
    byte[] body = bytes(4000);
    server.route(
        "/img",
        ex -> {
          if (ex.attempt() == 1) {
            ex.truncated(200, body, 1000);
          } else {
            ex.respond(200, "image/jpeg", body);
          }
        });
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    PoliteFetcher.Fetched<byte[]> got = polite.get(server.url("/img"), Map.of(), 1 << 20, BYTES);

    assertThat(got.value()).isEqualTo(body);
    assertThat(got.attempts()).isEqualTo(2);
  }

  @Test
  void truncatedBodyIsNeverReturnedAsSuccess() {
    byte[] body = bytes(4000);
    server.route("/img", ex -> ex.truncated(200, body, 1000));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withRetries(2));
    List<byte[]> returned = new CopyOnWriteArrayList<>();

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class,
            () ->
                polite.get(
                    server.url("/img"),
                    Map.of(),
                    1 << 20,
                    r -> {
                      byte[] b = BYTES.handle(r);
                      returned.add(b);
                      return b;
                    }));

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(RetryPolicy.isRetryable(e.getCause())).isTrue();
    assertThat(returned).isEmpty();
    assertThat(server.count("/img")).isEqualTo(3);
  }

  @Test
  void slowTrickleWithinTheTimeoutSucceeds() throws Exception {
    byte[] body = bytes(10);
    server.route("/img", ex -> ex.trickle(200, body, Duration.ofMillis(50)));
    try (HttpFetcher shortTimeout = fetcher(Duration.ofSeconds(3))) {
      PoliteFetcher polite = new PoliteFetcher(shortTimeout, FAST);
      PoliteFetcher.Fetched<byte[]> got = polite.get(server.url("/img"), Map.of(), 1 << 20, BYTES);
      assertThat(got.value()).isEqualTo(body);
      assertThat(got.attempts()).isEqualTo(1);
    }
  }

  @Test
  void slowTrickleBeyondTheTimeoutFailsAsATimeoutAfterRetries() throws Exception {
    byte[] body = bytes(200);
    server.route("/img", ex -> ex.trickle(200, body, Duration.ofMillis(100)));
    try (HttpFetcher shortTimeout = fetcher(Duration.ofSeconds(1))) {
      PoliteFetcher polite = new PoliteFetcher(shortTimeout, FAST.withRetries(1));
      long start = System.nanoTime();
      FetchFailedException e =
          catchThrowableOfType(
              FetchFailedException.class,
              () -> polite.get(server.url("/img"), Map.of(), 1 << 20, BYTES));
      assertThat(e.getCause()).isInstanceOf(RequestTimeoutException.class);
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void redirectLoopFailsWithoutRetry() {
    server.route("/a", ex -> ex.redirect(302, "/b"));
    server.route("/b", ex -> ex.redirect(302, "/a"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class, () -> polite.get(server.url("/a"), Map.of(), 100, TEXT));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getCause()).hasRootCauseInstanceOf(CircularRedirectException.class);
    // The loop is seen when /b points back to /a a second time: one attempt, no retry.
    assertThat(server.requests()).hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void redirectToAnotherSchemeFails() {
    server.route("/img", ex -> ex.redirect(302, "ftp://127.0.0.1/secret.jpg"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class, () -> polite.get(server.url("/img"), Map.of(), 100, TEXT));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getCause().toString()).contains("ftp");
    assertThat(server.count("/img")).isEqualTo(1);
  }

  @Test
  void permanentNotFoundIsNotRetried() {
    PoliteFetcher polite = new PoliteFetcher(http, FAST);

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class,
            () -> polite.get(server.url("/missing.jpg"), Map.of(), 100, TEXT));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(FetchFailedException.unwrap(e)).isInstanceOf(HttpStatusException.class);
    assertThat(((HttpStatusException) e.getCause()).status()).isEqualTo(404);
    assertThat(server.count("/missing.jpg")).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedUpToTheLimit() {
    server.route("/img", ex -> ex.status(500));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withRetries(3));

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class, () -> polite.get(server.url("/img"), Map.of(), 100, TEXT));

    assertThat(e.attempts()).isEqualTo(4);
    assertThat(server.count("/img")).isEqualTo(4);
  }

  @Test
  void interruptDuringBackoffCancelsTheFetch() throws Exception {
    CountDownLatch refused = new CountDownLatch(1);
    server.route(
        "/img",
        ex -> {
          ex.status(503, "Retry-After", "60");
          refused.countDown();
        });
    PoliteFetcher polite = new PoliteFetcher(http, FAST);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    polite.get(server.url("/img"), Map.of(), 100, TEXT);
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
    t.interrupt();
    assertThat(t.join(Duration.ofSeconds(10))).isTrue();
    assertThat(thrown.get()).isInstanceOf(CancelledException.class);
    assertThat(server.count("/img")).isEqualTo(1);
  }

  // --- robots.txt --------------------------------------------------------------------------

  @Test
  void robotsDisallowedFolderIsNeverRequested() throws Exception {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
    server.route("/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withObeyRobots(true));

    RobotsDeniedException denied =
        catchThrowableOfType(
            RobotsDeniedException.class,
            () -> polite.get(server.url("/private/a.jpg"), Map.of(), 100, TEXT));
    assertThat(polite.get(server.url("/public/a.jpg"), Map.of(), 100, TEXT).value())
        .isEqualTo("ok");

    assertThat(denied.reason()).isEqualTo("robots.txt");
    assertThat(server.count("/private/")).isZero();
    assertThat(server.count("/public/")).isEqualTo(1);
    assertThat(server.count("/robots.txt")).isEqualTo(1);
  }

  @Test
  void robotsServerErrorDefersTheWholeHost() {
    server.route("/robots.txt", ex -> ex.status(500));
    server.route("/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withObeyRobots(true).withRetries(1));

    RobotsDeniedException first =
        catchThrowableOfType(
            RobotsDeniedException.class,
            () -> polite.get(server.url("/a.jpg"), Map.of(), 100, TEXT));
    RobotsDeniedException second =
        catchThrowableOfType(
            RobotsDeniedException.class,
            () -> polite.get(server.url("/b.jpg"), Map.of(), 100, TEXT));

    assertThat(first.reason()).isEqualTo("robots.txt unavailable (http 500)");
    assertThat(second.reason()).isEqualTo(first.reason());
    assertThat(server.count("/robots.txt")).as("one load, retried once").isEqualTo(2);
    assertThat(server.requests()).allMatch(r -> r.path().equals("/robots.txt"));
  }

  @Test
  void robotsNotFoundAllowsEverything() throws Exception {
    server.route("/private/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withObeyRobots(true));

    assertThat(polite.get(server.url("/private/a.jpg"), Map.of(), 100, TEXT).value())
        .isEqualTo("ok");
    assertThat(server.count("/robots.txt")).isEqualTo(1);
  }

  @Test
  void concurrentCallersShareOneRobotsFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.route(
        "/robots.txt",
        ex -> {
          release.await(10, TimeUnit.SECONDS);
          ex.respond(200, "text/plain", "User-agent: *\nDisallow:\n");
        });
    server.route("/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withObeyRobots(true));
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String url = server.url("/p" + i);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      polite.get(url, Map.of(), 100, TEXT);
                    } catch (IOException e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    release.countDown();
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(server.count("/robots.txt")).isEqualTo(1);
    assertThat(server.count("/p")).isEqualTo(5);
  }

  @Test
  void crawlDelaySpacesRequestStarts() throws Exception {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nCrawl-delay: 0.5\n"));
    server.route("/img/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite = new PoliteFetcher(http, FAST.withObeyRobots(true));

    runConcurrently(polite, "/img/", 3);

    List<Long> starts = new ArrayList<>();
    for (HostileServer.Request r : server.requests()) {
      if (r.path().startsWith("/img/")) {
        starts.add(r.startNanos());
      }
    }
    Collections.sort(starts);
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void crawlDelayIsCappedByMaxCrawlDelay() throws Exception {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nCrawl-delay: 60\n"));
    server.route("/img/", ex -> ex.respond(200, "text/plain", "ok"));
    PoliteFetcher polite =
        new PoliteFetcher(
            http, FAST.withObeyRobots(true).withMaxCrawlDelay(Duration.ofMillis(200)));
    long start = System.nanoTime();

    runConcurrently(polite, "/img/", 3);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(server.count("/img/")).isEqualTo(3);
  }
}
