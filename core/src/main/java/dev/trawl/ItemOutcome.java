package dev.trawl;

import java.time.Instant;

/**
 * What happened to one image: a manifest line.
 *
 * @param url the URL as found on the page
 * @param finalUrl the URL that answered, after rewrite, fallback and redirects (null if none did)
 * @param page the listing page the image was found on
 * @param file the file name relative to the out dir (null unless saved or duplicate)
 * @param bytes the body size (0 unless saved or duplicate)
 * @param sha256 the body's SHA-256 in lowercase hex (null unless saved or duplicate)
 * @param contentType the image's MIME type by its magic bytes (null unless saved or duplicate)
 * @param status what happened
 * @param reason why it was not saved (null when saved)
 * @param attempts requests made for this image
 * @param fetchedAt when the outcome was decided
 * @param source the JSON object the image came from, as compact JSON text, when it was found on a
 *     JSON page ({@code {"id":1001,"md5":"...","file_url":"...","tag_string":"..."}}); null for
 *     images found on HTML pages. Its fields are there for names and metadata.
 * @param width the picture's width in pixels from its header, when saved or a duplicate and its
 *     header gives it; else null
 * @param height the picture's height in pixels from its header, likewise; else null
 */
public record ItemOutcome(
    String url,
    String finalUrl,
    String page,
    String file,
    long bytes,
    String sha256,
    String contentType,
    ItemStatus status,
    String reason,
    int attempts,
    Instant fetchedAt,
    String source,
    Integer width,
    Integer height) {
  /** An outcome without a JSON source or a size. */
  public ItemOutcome(
      String url,
      String finalUrl,
      String page,
      String file,
      long bytes,
      String sha256,
      String contentType,
      ItemStatus status,
      String reason,
      int attempts,
      Instant fetchedAt) {
    this(
        url,
        finalUrl,
        page,
        file,
        bytes,
        sha256,
        contentType,
        status,
        reason,
        attempts,
        fetchedAt,
        null,
        null,
        null);
  }

  /**
   * True when the picture was saved and its header gives both sides under {@code side} pixels (a
   * thumbnail when {@code side} is {@link CrawlSummary#THUMBNAIL_SIZE}).
   */
  public boolean savedSmallerThan(int side) {
    return status == ItemStatus.SAVED
        && width != null
        && height != null
        && width < side
        && height < side;
  }
}
