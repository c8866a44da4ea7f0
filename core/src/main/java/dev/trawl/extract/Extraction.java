package dev.trawl.extract;

import java.util.List;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next-page links
 */
public record Extraction(List<String> images, List<String> nextPages) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of());
}
