package dev.trawl.rewrite;

/**
 * A rewrite regex that took more than its step budget on one URL (catastrophic backtracking, e.g.
 * {@code (.*a){20}x}): the picture fails with "rewrite too slow" instead of the crawl spinning.
 */
public final class RewriteTooSlowException extends RuntimeException {
  private final String rule;
  private final String url;

  public RewriteTooSlowException(String rule, String url, long steps) {
    super("rewrite too slow: " + rule + " took over " + steps + " steps on " + url);
    this.rule = rule;
    this.url = url;
  }

  /** The rule as written, {@code REGEX=>REPLACEMENT}. */
  public String rule() {
    return rule;
  }

  public String url() {
    return url;
  }
}
