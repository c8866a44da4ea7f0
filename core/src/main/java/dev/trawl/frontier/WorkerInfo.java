package dev.trawl.frontier;

import java.time.Duration;
import java.time.Instant;

/**
 * A worker as last reported by {@link SharedCrawlStore#heartbeat}. Times are the database server's
 * clock, so workers on machines with skewed clocks compare correctly.
 */
public record WorkerInfo(
    String worker, String host, long pid, Instant started, Instant lastSeen, long itemsDone) {

  /** Items done per second between the first and the last heartbeat (0 before a second one). */
  public double rate() {
    double seconds = Duration.between(started, lastSeen).toMillis() / 1000.0;
    return seconds <= 0 ? 0 : itemsDone / seconds;
  }
}
