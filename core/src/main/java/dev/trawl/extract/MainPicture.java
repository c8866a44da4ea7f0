package dev.trawl.extract;

/**
 * A candidate for the main (full-size) picture of a work page.
 *
 * @param source why this is a candidate; candidates are ranked by it
 * @param selector CSS selecting exactly this element on the page
 * @param attribute the attribute holding the URL ({@code href}, {@code src}, {@code content}...)
 * @param url the picture's URL on this page
 * @param evidence a short phrase for evidence lines ("an 'Original file' link")
 */
public record MainPicture(
    Source source, String selector, String attribute, String url, String evidence) {
  /** Why an element is a candidate, strongest first. */
  public enum Source {
    /** A link saying original, download or full size, pointing at a picture file. */
    ORIGINAL_LINK,
    /** A picture file URL declared in a data attribute ({@code data-file-url}...). */
    DECLARED_FILE,
    /** A link to a picture file around the page's largest picture. */
    LINKED_PICTURE,
    /** A link saying original or download whose URL has no picture extension (confirm it). */
    DOWNLOAD_LINK,
    /** The page's largest picture. */
    LARGEST_IMAGE,
    /** The page's {@code og:image}. */
    OG_IMAGE
  }

  /** Whether the URL must be fetched to know it is a picture (it has no picture extension). */
  public boolean needsConfirmation() {
    return !ThumbnailNames.isPictureFile(url);
  }
}
