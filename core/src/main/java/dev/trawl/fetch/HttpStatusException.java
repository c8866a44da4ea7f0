package dev.trawl.fetch;

import java.io.IOException;

/** A response whose status means the body is not what was asked for. Carries the status and URL. */
public final class HttpStatusException extends IOException {
  private final int status;
  private final String url;

  public HttpStatusException(int status, String url) {
    super("http " + status + ": " + url);
    this.status = status;
    this.url = url;
  }

  public int status() {
    return status;
  }

  public String url() {
    return url;
  }
}
