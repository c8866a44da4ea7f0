package dev.trawl.fetch;

import java.io.InputStream;

/**
 * An open response. The body is limited to the size the caller asked for and is closed by the
 * fetcher after the handler returns.
 *
 * @param status the HTTP status code
 * @param finalUrl the URL that answered, after redirects
 * @param contentType the Content-Type header, or "" when absent
 * @param contentLength the Content-Length, or -1 when unknown
 * @param retryAfter the Retry-After header, or "" when absent
 * @param etag the ETag header, or "" when absent
 * @param lastModified the Last-Modified header, or "" when absent
 * @param body the decompressed body; reading past the limit throws {@link BodyTooLargeException}
 */
public record Response(
    int status,
    String finalUrl,
    String contentType,
    long contentLength,
    String retryAfter,
    String etag,
    String lastModified,
    InputStream body) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
