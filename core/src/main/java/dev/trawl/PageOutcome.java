package dev.trawl;

/**
 * What happened to one listing page.
 *
 * @param url the page URL
 * @param status the HTTP status, or 0 when no response arrived
 * @param images images found on the page
 * @param newImages images not seen on an earlier page
 * @param reason why the page failed, or null when it was read
 * @param shown pictures the page shows ({@code img} elements), found by the selection or not
 */
public record PageOutcome(
    String url, int status, int images, int newImages, String reason, int shown) {
  /** A page that shows no picture but those found. */
  public PageOutcome(String url, int status, int images, int newImages, String reason) {
    this(url, status, images, newImages, reason, 0);
  }

  public boolean ok() {
    return reason == null;
  }
}
