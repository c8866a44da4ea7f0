package dev.trawl.fetch;

import java.io.IOException;

/**
 * A URL that robots.txt forbids, or on a host whose robots.txt could not be read (RFC 9309: assume
 * complete disallow). Nothing was requested. The item is skipped, not failed.
 */
public final class RobotsDeniedException extends IOException {
  private final String url;
  private final String reason;

  public RobotsDeniedException(String url, String reason) {
    super(reason + ": " + url);
    this.url = url;
    this.reason = reason;
  }

  public RobotsDeniedException(String url) {
    this(url, RobotsRules.DISALLOWED);
  }

  public String url() {
    return url;
  }

  /** "robots.txt", or "robots.txt unavailable (http 503)" and the like for a deferred host. */
  public String reason() {
    return reason;
  }
}
