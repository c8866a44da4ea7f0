package dev.trawl.extract;

import java.util.List;
import java.util.Map;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next pages of the same level
 * @param followed links to pages of the next level
 * @param sources for images found on a JSON page, the JSON object (as text) each came from, by
 *     image URL; empty for HTML pages
 */
public record Extraction(
    List<String> images,
    List<String> nextPages,
    List<String> followed,
    Map<String, String> sources) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    followed = List.copyOf(followed);
    sources = Map.copyOf(sources);
  }

  /** What an HTML page yielded: no JSON sources. */
  public Extraction(List<String> images, List<String> nextPages, List<String> followed) {
    this(images, nextPages, followed, Map.of());
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of(), List.of());
}
