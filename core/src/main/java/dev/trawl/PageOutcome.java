package dev.trawl;

/**
 * What happened to one listing page.
 *
 * @param url the page URL
 * @param status the HTTP status, or 0 when no response arrived
 * @param images images found on the page
 * @param newImages images not seen on an earlier page
 * @param reason why the page failed, or null when it was read
 */
public record PageOutcome(String url, int status, int images, int newImages, String reason) {
  public boolean ok() {
    return reason == null;
  }
}
