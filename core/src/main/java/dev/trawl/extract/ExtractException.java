package dev.trawl.extract;

/**
 * A page its level's rules cannot read: a JSONPath selector on an HTML page, a CSS selector on a
 * JSON page, a JSON page that does not parse. The page fails with {@link #reason()}.
 */
public final class ExtractException extends RuntimeException {
  private final String pageUrl;
  private final String reason;

  public ExtractException(String pageUrl, String reason) {
    super(reason + " (" + pageUrl + ")");
    this.pageUrl = pageUrl;
    this.reason = reason;
  }

  /** The page that could not be read. */
  public String pageUrl() {
    return pageUrl;
  }

  /** Why, as recorded with the failed page: "JSONPath selector on an HTML page: $[*].url". */
  public String reason() {
    return reason;
  }
}
