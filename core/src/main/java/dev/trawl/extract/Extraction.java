package dev.trawl.extract;

import java.util.List;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next-page links
 * @param shown pictures the page shows to a reader ({@code img} elements), whatever the selection
 *     found: a page that shows pictures and yields none hints at a selector that misses them
 */
public record Extraction(List<String> images, List<String> nextPages, int shown) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    if (shown < 0) {
      throw new IllegalArgumentException("shown < 0: " + shown);
    }
  }

  /** Images and next pages of a page that shows nothing else. */
  public Extraction(List<String> images, List<String> nextPages) {
    this(images, nextPages, 0);
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of());
}
