package dev.trawl.store;

import java.io.IOException;

/** A body whose first bytes are not a known image format, such as an HTML error page. */
public final class NotAnImageException extends IOException {
  private final String contentType;

  public NotAnImageException(String url, String contentType) {
    super(
        "not an image (" + (contentType.isEmpty() ? "no content type" : contentType) + "): " + url);
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }
}
