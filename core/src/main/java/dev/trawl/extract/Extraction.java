package dev.trawl.extract;

import java.util.List;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next pages of the same level
 * @param followed links to pages of the next level
 */
public record Extraction(List<String> images, List<String> nextPages, List<String> followed) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    followed = List.copyOf(followed);
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of(), List.of());
}
