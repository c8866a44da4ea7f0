package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "120, PT2M",
        "0, PT0S",
        "' 7 ', PT7S",
        "'Wed, 21 Oct 2015 07:28:30 GMT', PT30S",
        "'Wed, 21 Oct 2015 07:00:00 GMT', PT0S",
        "99999999999999999999999, PT2562047788015215H30M7S",
        "soon, NULL",
        "-5, NULL",
        "1.5, NULL",
        "'', NULL",
        "NULL, NULL",
        "'Wednesday, 21-Oct-15 07:28:30 GMT', NULL",
      })
  void parsesRetryAfterAsSecondsOrHttpDate(String header, String expected) {
    Optional<Duration> parsed = RetryPolicy.parseRetryAfter(header, NOW);
    if (expected == null) {
      assertThat(parsed).isEmpty();
    } else {
      assertThat(parsed).contains(Duration.parse(expected));
    }
  }

  @Test
  void backoffStaysWithinItsDoublingCeilingAndTheCap() {
    Random random = new Random(42);
    Duration base = Duration.ofMillis(500);
    Duration cap = Duration.ofSeconds(30);
    for (int retry = 1; retry <= 40; retry++) {
      long ceiling = Math.min(cap.toMillis(), 500L << Math.min(retry - 1, 20));
      for (int i = 0; i < 200; i++) {
        Duration d = RetryPolicy.backoff(retry, base, cap, random);
        assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
      }
    }
  }

  @Test
  void backoffIsJitteredAcrossTheWholeRange() {
    Random random = new Random(7);
    Duration cap = Duration.ofSeconds(30);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      long ms = RetryPolicy.backoff(10, Duration.ofMillis(500), cap, random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertThat(min).isLessThan(3_000);
    assertThat(max).isGreaterThan(27_000).isLessThanOrEqualTo(30_000);
  }

  @Test
  void backoffOfZeroBaseIsZero() {
    assertThat(RetryPolicy.backoff(3, Duration.ZERO, Duration.ofSeconds(1), new Random(1)))
        .isZero();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new ConnectException("refused"), true),
        Arguments.of(new SocketException("Connection reset"), true),
        Arguments.of(new SocketTimeoutException("read timed out"), true),
        Arguments.of(new RequestTimeoutException(Duration.ofSeconds(1), "u"), true),
        Arguments.of(new NoHttpResponseException("no response"), true),
        Arguments.of(
            new ConnectionClosedException("Premature end of Content-Length delimited message body"),
            true),
        Arguments.of(new EOFException("Unexpected end of ZLIB input stream"), true),
        Arguments.of(new HttpStatusException(408, "u"), true),
        Arguments.of(new HttpStatusException(425, "u"), true),
        Arguments.of(new HttpStatusException(429, "u"), true),
        Arguments.of(new HttpStatusException(500, "u"), true),
        Arguments.of(new HttpStatusException(502, "u"), true),
        Arguments.of(new HttpStatusException(503, "u"), true),
        Arguments.of(new HttpStatusException(504, "u"), true),
        Arguments.of(new HttpStatusException(404, "u"), false),
        Arguments.of(new HttpStatusException(403, "u"), false),
        Arguments.of(new HttpStatusException(410, "u"), false),
        Arguments.of(new HttpStatusException(501, "u"), false),
        Arguments.of(new BodyTooLargeException(10, "u"), false),
        Arguments.of(new UnknownHostException("nowhere"), false),
        Arguments.of(new ClientProtocolException(new CircularRedirectException("loop")), false),
        Arguments.of(new IOException("unsupported scheme: ftp://x"), false));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void classifiesFailuresAsRetryableOrPermanent(IOException failure, boolean retryable) {
    assertThat(RetryPolicy.isRetryable(failure)).isEqualTo(retryable);
  }
}
