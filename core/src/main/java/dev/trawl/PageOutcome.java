package dev.trawl;

/**
 * What happened to one page.
 *
 * @param url the page URL
 * @param status the HTTP status, or 0 when no response arrived
 * @param images images and links to the next level found on the page
 * @param newImages of those, the ones not seen on an earlier page
 * @param reason why the page failed, or null when it was read
 * @param level the page's level (index into {@link CrawlConfig#levels()})
 * @param shown pictures the page shows ({@code img} elements), found by the selection or not
 */
public record PageOutcome(
    String url, int status, int images, int newImages, String reason, int level, int shown) {
  /** The outcome of a page of {@code level} that shows no picture but those found. */
  public PageOutcome(String url, int status, int images, int newImages, String reason, int level) {
    this(url, status, images, newImages, reason, level, 0);
  }

  /** The outcome of a start page (level 0). */
  public PageOutcome(String url, int status, int images, int newImages, String reason) {
    this(url, status, images, newImages, reason, 0);
  }

  public boolean ok() {
    return reason == null;
  }
}
