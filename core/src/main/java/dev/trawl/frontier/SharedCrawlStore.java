package dev.trawl.frontier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link CrawlStore} that several workers, on any machines, use at once. It also keeps who is
 * working and the per-host politeness state, so that N workers together are never ruder to a host
 * than one would be. Leases of a worker that dies expire; they are not released by others.
 */
public interface SharedCrawlStore extends CrawlStore {
  /** Records that {@code worker} is alive; call it every few seconds. */
  void heartbeat(String worker, String host, long pid, long itemsDone);

  /** Every worker that ever sent a heartbeat for this crawl, first started first. */
  List<WorkerInfo> workers();

  /** The store's clock, the one leases and heartbeats are measured by. */
  Instant databaseTime();

  /**
   * Starts a request to {@code host} when fewer than {@code perHost} are in flight across all
   * workers and {@code minDelay} has passed since the last start; false means wait a little and ask
   * again. A true answer must be matched by one {@link #endRequest}.
   */
  boolean tryStartRequest(String host, int perHost, Duration minDelay);

  /** Ends a request {@link #tryStartRequest} allowed. */
  void endRequest(String host);

  /** Lets no worker start a request to {@code host} for {@code d} (429/503 backoff). */
  void pauseHost(String host, Duration d);

  /**
   * Names reserved from now on through this instance record {@code place} (the worker's "host:out
   * dir"), so that another worker can find a file whose writer died before recording it.
   */
  void setPlace(String place);

  /** The place recorded when {@code file} was reserved, if any. */
  Optional<String> placeOf(String file);
}
