package dev.trawl.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** Pure decisions about retrying: what is retryable, how long to back off, Retry-After. */
public final class RetryPolicy {
  private RetryPolicy() {}

  /** 408, 425, 429, 500, 502, 503, 504: worth asking again. */
  public static boolean isRetryableStatus(int status) {
    return switch (status) {
      case 408, 425, 429, 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /** 429 and 503: the host asks us to slow down. */
  public static boolean isThrottle(int status) {
    return status == 429 || status == 503;
  }

  /**
   * Connect failures, resets, timeouts, a body cut short (by length or chunking), no response at
   * all, and the retryable statuses. Redirect errors, bad URLs, oversized bodies and the rest are
   * permanent. The caller checks for cancellation first.
   */
  public static boolean isRetryable(IOException e) {
    if (e instanceof HttpStatusException s) {
      return isRetryableStatus(s.status());
    }
    return e instanceof RequestTimeoutException
        || e instanceof SocketTimeoutException
        || e instanceof ConnectTimeoutException
        || e instanceof SocketException // connect refused, reset, broken pipe
        || e instanceof NoHttpResponseException
        || e instanceof ConnectionClosedException // premature end of the body
        || e instanceof MalformedChunkCodingException
        || e instanceof EOFException; // e.g. a gzip stream cut short
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry): uniform in [0, ceiling]
   * where ceiling = min(cap, base * 2^(retry-1)) ("full jitter").
   */
  public static Duration backoff(int retry, Duration base, Duration cap, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry < 1: " + retry);
    }
    long capNanos = cap.toNanos();
    long ceiling = Math.min(base.toNanos(), capNanos);
    for (int i = 1; i < retry && ceiling < capNanos; i++) {
      ceiling = ceiling > capNanos / 2 ? capNanos : ceiling * 2;
    }
    return ceiling <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(ceiling + 1));
  }

  /**
   * A Retry-After value as a wait from {@code now}: delay-seconds or an HTTP-date (a date in the
   * past is zero). Empty when absent or unreadable.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE)); // absurdly long: more than any cap
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
