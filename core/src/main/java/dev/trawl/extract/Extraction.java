package dev.trawl.extract;

import java.util.List;
import java.util.Map;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next pages of the same level
 * @param followed links to pages of the next level
 * @param tree links to pages of the same level one step deeper in a tree
 * @param shown pictures the page shows to a reader ({@code img} elements), whatever the selection
 *     found: a page that shows pictures and yields none hints at a selector that misses them
 * @param sources for images found on a JSON page, the JSON object (as text) each came from, by
 *     image URL; empty for HTML pages
 */
public record Extraction(
    List<String> images,
    List<String> nextPages,
    List<String> followed,
    List<String> tree,
    int shown,
    Map<String, String> sources) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    followed = List.copyOf(followed);
    tree = List.copyOf(tree);
    if (shown < 0) {
      throw new IllegalArgumentException("shown < 0: " + shown);
    }
    sources = Map.copyOf(sources);
  }

  /** What an HTML page yielded: no JSON sources. */
  public Extraction(
      List<String> images,
      List<String> nextPages,
      List<String> followed,
      List<String> tree,
      int shown) {
    this(images, nextPages, followed, tree, shown, Map.of());
  }

  /** Images and links of a page that shows no other picture. */
  public Extraction(List<String> images, List<String> nextPages, List<String> followed) {
    this(images, nextPages, followed, List.of(), 0);
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of(), List.of());
}
