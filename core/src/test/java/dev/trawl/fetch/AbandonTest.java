package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trawl.testing.HostileServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise: the moment a response is rejected (status, size) the exchange is abandoned, the item
 * fails with the true reason, and rejections that cannot change are not retried. Measured by the
 * bytes the server sent and the wall time, against a 10 s request timeout.
 */
class AbandonTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  // Well under the timeout: an exchange read to the timeout takes 10 s, with retries 50 s.
  private static final Duration PROMPT = Duration.ofSeconds(4);
  private static final long CAP = 1 << 20;
  // The server's send buffer, the client's receive buffers and HttpClient's: a few MiB at most.
  private static final long SLACK = 8L << 20;
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};

  private static final HttpFetcher.Handler<byte[]> PICTURE =
      r -> {
        if (!r.isSuccess()) {
          throw new HttpStatusException(r.status(), r.finalUrl());
        }
        return r.body().readAllBytes();
      };

  private static final Politeness POLITE =
      Politeness.defaults()
          .withObeyRobots(false)
          .withRetries(4)
          .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));

  private HostileServer server;
  private HttpFetcher http;

  @BeforeEach
  void start() throws IOException {
    server = HostileServer.start();
    HttpFetcher.Settings d = HttpFetcher.Settings.defaults("trawl-test");
    http =
        new HttpFetcher(
            new HttpFetcher.Settings(
                d.userAgent(), 16, 8, Duration.ofSeconds(5), TIMEOUT, TIMEOUT, 10));
  }

  @AfterEach
  void stop() throws IOException {
    http.close();
    server.close();
  }

  private FetchFailedException failure(PoliteFetcher polite, String path) {
    return catchThrowableOfType(
        FetchFailedException.class, () -> polite.get(server.url(path), Map.of(), CAP, PICTURE));
  }

  @Test
  void notFoundWithAnEndlessBodyFailsAsHttp404AtOnceWithoutReadingIt() {
    server.route("/a.jpg", ex -> ex.endless(404, "text/html", -1, "<html>".getBytes()));

    FetchFailedException e = failure(new PoliteFetcher(http, POLITE), "/a.jpg");

    assertThat(FailureReason.of(e)).isEqualTo("http 404");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.longestServed("/a.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/a.jpg")).isLessThan(SLACK);
  }

  @Test
  void pictureOverTheCapWithAnEndlessBodyIsTooLargeOnceAndNeverRetried() {
    server.route("/big.jpg", ex -> ex.endless(200, "image/jpeg", -1, JPEG));

    FetchFailedException e = failure(new PoliteFetcher(http, POLITE), "/big.jpg");

    assertThat(FailureReason.of(e)).isEqualTo("too large");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.count("/big.jpg")).isEqualTo(1);
    assertThat(server.longestServed("/big.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/big.jpg")).isLessThan(CAP + SLACK);
  }

  @Test
  void contentLengthAboveTheCapFailsBeforeTheBodyIsRead() {
    long tenGigabytes = 10L << 30;
    server.route("/huge.jpg", ex -> ex.endless(200, "image/jpeg", tenGigabytes, JPEG));

    FetchFailedException e = failure(new PoliteFetcher(http, POLITE), "/huge.jpg");

    assertThat(FailureReason.of(e)).isEqualTo("too large");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.longestServed("/huge.jpg")).isLessThan(PROMPT);
    // Nothing read: only what the buffers took before the abort.
    assertThat(server.bytesSent("/huge.jpg")).isLessThan(SLACK);
  }

  @Test
  void throttledAnswerWithAnEndlessBodyIsAbandonedAndRetried() throws IOException {
    server.route(
        "/busy.jpg",
        ex -> {
          if (ex.attempt() == 1) {
            ex.endless(503, "text/html", -1, "<html>".getBytes());
          } else {
            ex.respond(200, "image/jpeg", JPEG);
          }
        });

    byte[] got =
        new PoliteFetcher(http, POLITE)
            .get(server.url("/busy.jpg"), Map.of(), CAP, PICTURE)
            .value();

    assertThat(got).isEqualTo(JPEG);
    assertThat(server.count("/busy.jpg")).isEqualTo(2);
    assertThat(server.longestServed("/busy.jpg")).isLessThan(PROMPT);
  }

  @Test
  void redirectWithAnEndlessBodyIsFollowedWithoutReadingIt() throws IOException {
    server.route(
        "/old.jpg",
        ex -> ex.endless(302, "text/html", -1, "<html>".getBytes(), "Location", "/new.jpg"));
    server.route("/new.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    byte[] got =
        new PoliteFetcher(http, POLITE).get(server.url("/old.jpg"), Map.of(), CAP, PICTURE).value();

    assertThat(got).isEqualTo(JPEG);
    assertThat(server.longestServed("/old.jpg")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/old.jpg")).isLessThan(SLACK);
  }

  // --- robots.txt --------------------------------------------------------------------------

  @Test
  void robotsTxtThatNeverEndsIsReadUpToTheCapAndItsRulesApply() throws IOException {
    server.route(
        "/robots.txt",
        ex ->
            ex.endless(
                200,
                "text/plain",
                -1,
                "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8)));
    server.route("/", ex -> ex.respond(200, "image/jpeg", JPEG));
    PoliteFetcher polite = new PoliteFetcher(http, POLITE.withObeyRobots(true));

    byte[] allowed = polite.get(server.url("/public/a.jpg"), Map.of(), CAP, PICTURE).value();
    RobotsDeniedException denied =
        catchThrowableOfType(
            RobotsDeniedException.class,
            () -> polite.get(server.url("/private/b.jpg"), Map.of(), CAP, PICTURE));

    assertThat(allowed).isEqualTo(JPEG);
    assertThat(denied.reason()).isEqualTo(RobotsRules.DISALLOWED);
    assertThat(server.count("/private/")).isZero();
    assertThat(server.count("/robots.txt")).isEqualTo(1);
    assertThat(server.longestServed("/robots.txt")).isLessThan(PROMPT);
    assertThat(server.bytesSent("/robots.txt")).isLessThan(PoliteFetcher.ROBOTS_MAX_BYTES + SLACK);
  }

  @Test
  void robotsTxtDecompressionBombIsReadUpToTheCapAndItsRulesApply() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write("User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        gz.write(zeros); // 256 MiB unpacked from about 256 KiB
      }
    }
    byte[] bomb = zipped.toByteArray();
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", bomb, "Content-Encoding", "gzip"));
    server.route("/", ex -> ex.respond(200, "image/jpeg", JPEG));
    PoliteFetcher polite = new PoliteFetcher(http, POLITE.withObeyRobots(true));

    RobotsDeniedException denied =
        catchThrowableOfType(
            RobotsDeniedException.class,
            () -> polite.get(server.url("/private/b.jpg"), Map.of(), CAP, PICTURE));

    assertThat(denied.reason()).isEqualTo(RobotsRules.DISALLOWED);
    assertThat(polite.get(server.url("/a.jpg"), Map.of(), CAP, PICTURE).value()).isEqualTo(JPEG);
  }

  @Test
  void robotsTxtCutAtTheCapKeepsOnlyWholeLines() throws IOException {
    StringBuilder text = new StringBuilder("User-agent: *\nDisallow: /private/\n");
    while (text.length() < PoliteFetcher.ROBOTS_MAX_BYTES - 10) {
      text.append("# filler\n");
    }
    // "Allow: /private/open/" cut at the cap would read "Allow: /priv": more than it says.
    text.setLength(PoliteFetcher.ROBOTS_MAX_BYTES - 12);
    text.append("Allow: /private/open/\n");

    byte[] kept =
        PoliteFetcher.wholeLines(
            new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII)));

    assertThat(kept.length).isLessThanOrEqualTo(PoliteFetcher.ROBOTS_MAX_BYTES);
    assertThat(new String(kept, StandardCharsets.US_ASCII)).doesNotContain("Allow: /priv");
    assertThat(kept[kept.length - 1]).isEqualTo((byte) '\n');
  }

  // --- robots.txt on every redirect hop ------------------------------------------------------

  @Test
  void redirectIntoADisallowedPathIsRefusedBeforeItIsRequested() {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
    server.route("/pic.jpg", ex -> ex.redirect(302, "/private/pic.jpg"));
    server.route("/private/", ex -> ex.respond(200, "image/jpeg", JPEG));
    PoliteFetcher polite = new PoliteFetcher(http, POLITE.withObeyRobots(true));

    FetchFailedException e =
        catchThrowableOfType(
            FetchFailedException.class,
            () -> polite.get(server.url("/pic.jpg"), Map.of(), CAP, PICTURE));

    assertThat(e.getCause()).isInstanceOf(RobotsDeniedException.class);
    assertThat(FailureReason.of(e)).isEqualTo(RobotsRules.DISALLOWED);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(server.count("/private/")).isZero();
  }

  @Test
  void redirectToAnotherHostIsCheckedAgainstThatHostsRobotsTxt() throws IOException {
    try (HostileServer other = HostileServer.startOn("127.0.0.2")) {
      other.route(
          "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /\n"));
      other.route("/", ex -> ex.respond(200, "image/jpeg", JPEG));
      server.route("/robots.txt", ex -> ex.status(404));
      server.route("/pic.jpg", ex -> ex.redirect(301, other.url("/pic.jpg")));
      PoliteFetcher polite = new PoliteFetcher(http, POLITE.withObeyRobots(true));

      FetchFailedException e =
          catchThrowableOfType(
              FetchFailedException.class,
              () -> polite.get(server.url("/pic.jpg"), Map.of(), CAP, PICTURE));

      assertThat(e.getCause()).isInstanceOf(RobotsDeniedException.class);
      assertThat(other.count("/robots.txt")).isEqualTo(1);
      assertThat(other.count("/pic.jpg")).isZero();
    }
  }

  @Test
  void redirectToAnAllowedPathIsFollowed() throws IOException {
    server.route(
        "/robots.txt", ex -> ex.respond(200, "text/plain", "User-agent: *\nDisallow: /private/\n"));
    server.route("/pic.jpg", ex -> ex.redirect(307, "/public/pic.jpg"));
    server.route("/public/", ex -> ex.respond(200, "image/jpeg", JPEG));
    PoliteFetcher polite = new PoliteFetcher(http, POLITE.withObeyRobots(true));

    PoliteFetcher.Fetched<String> got =
        polite.get(server.url("/pic.jpg"), Map.of(), CAP, r -> r.finalUrl());

    assertThat(got.value()).isEqualTo(server.url("/public/pic.jpg"));
  }
}
