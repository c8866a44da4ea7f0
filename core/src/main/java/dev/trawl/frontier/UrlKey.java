package dev.trawl.frontier;

import crawlercommons.filters.basic.BasicURLNormalizer;

/** The key two URLs share when they name the same resource (crawler-commons normalisation). */
public final class UrlKey {
  private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

  private UrlKey() {}

  /** The normalised form of {@code url}, or {@code url} itself when it cannot be normalised. */
  public static String of(String url) {
    String n = NORMALIZER.filter(url);
    return n == null ? url : n;
  }
}
