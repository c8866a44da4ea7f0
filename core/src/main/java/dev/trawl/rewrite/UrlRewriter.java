package dev.trawl.rewrite;

import java.util.List;
import java.util.Objects;

/**
 * Turns an image URL as found into the URL to download by applying {@link RewriteRule}s in order,
 * each to the previous one's output. Immutable and thread-safe.
 */
public final class UrlRewriter {
  private static final UrlRewriter NONE = new UrlRewriter(List.of());

  private final List<RewriteRule> rules;

  /** The rules, applied in list order; the list is copied. */
  public UrlRewriter(List<RewriteRule> rules) {
    Objects.requireNonNull(rules, "rules == null");
    this.rules = List.copyOf(rules);
  }

  /** A rewriter that returns every URL unchanged. */
  public static UrlRewriter none() {
    return NONE;
  }

  /** The URL after every rule; unchanged when no rule matches. */
  public String rewrite(String url) {
    Objects.requireNonNull(url, "url == null");
    String result = url;
    for (RewriteRule rule : rules) {
      result = rule.apply(result);
    }
    return result;
  }

  /** True when there are no rules, so {@link #rewrite} always returns its input. */
  public boolean isIdentity() {
    return rules.isEmpty();
  }

  /** The rules in order. */
  public List<RewriteRule> rules() {
    return rules;
  }

  @Override
  public String toString() {
    return "UrlRewriter" + rules;
  }
}
