package dev.trawl.extract;

/**
 * How a listing page leads to the next one.
 *
 * @param kind what was found
 * @param selector CSS selecting the next-page link(s), or null for {@link Kind#PAGE_TEMPLATE}
 * @param template an open URL template for the following pages ({@code ...?page={2..}}), or null
 * @param next the next page's URL as found on this page
 * @param evidence a short phrase saying what was found ("a 'next page' link")
 */
public record Pager(Kind kind, String selector, String template, String next, String evidence) {
  /** What kind of pager was found. */
  public enum Kind {
    /** {@code link rel=next} or {@code a rel=next}. */
    REL_NEXT,
    /** A link whose text, label or class says next. */
    NEXT_LINK,
    /** The link after the current page's number in a page-number sequence. */
    PAGE_NUMBER,
    /** A page number in the URL ({@code ?page=N}, {@code /page/N}, {@code /p/N}). */
    PAGE_TEMPLATE
  }
}
