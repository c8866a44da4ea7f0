package dev.trawl.fetch;

import java.io.IOException;

/** A body that grew past its limit, counted after decompression. */
public final class BodyTooLargeException extends IOException {
  private final long limit;

  public BodyTooLargeException(long limit, String url) {
    super("body larger than " + limit + " bytes: " + url);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
