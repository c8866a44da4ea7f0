package dev.trawl.fetch;

import java.io.IOException;
import java.time.Duration;

/** A request, body included, that took longer than the whole-request timeout. */
public final class RequestTimeoutException extends IOException {
  public RequestTimeoutException(Duration timeout, String url) {
    super("request took longer than " + timeout.toSeconds() + " s: " + url);
  }
}
