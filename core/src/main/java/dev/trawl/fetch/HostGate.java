package dev.trawl.fetch;

import java.time.Duration;

/**
 * Per-host limits kept outside this process, checked after the local {@link HostLimiter}: several
 * workers on one crawl share them. {@link #LOCAL} when the crawl has one worker.
 */
public interface HostGate {
  /** No shared limits: the local limiter is all there is. */
  HostGate LOCAL =
      new HostGate() {
        @Override
        public void enter(String host, int perHost, Duration minDelay) {}

        @Override
        public void leave(String host) {}

        @Override
        public void pause(String host, Duration d) {}
      };

  /**
   * Blocks until a request to {@code host} may start under {@code perHost} requests in flight and
   * {@code minDelay} between starts, counted over every worker.
   *
   * @throws InterruptedException when cancelled while waiting
   */
  void enter(String host, int perHost, Duration minDelay) throws InterruptedException;

  /** Ends a request {@link #enter} let start. */
  void leave(String host);

  /** Lets no worker start a request to {@code host} for {@code d}. */
  void pause(String host, Duration d);
}
