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
 * @param title the page's title, or null
 * @param alts for each image, the alt or title text of the element it came from ("" for none);
 *     empty when not known
 */
public record Extraction(
    List<String> images,
    List<String> nextPages,
    List<String> followed,
    List<String> tree,
    int shown,
    Map<String, String> sources,
    String title,
    List<String> alts) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    followed = List.copyOf(followed);
    tree = List.copyOf(tree);
    if (shown < 0) {
      throw new IllegalArgumentException("shown < 0: " + shown);
    }
    sources = Map.copyOf(sources);
    alts = List.copyOf(alts);
    if (!alts.isEmpty() && alts.size() != images.size()) {
      throw new IllegalArgumentException(
          "alts (" + alts.size() + ") do not match images (" + images.size() + ")");
    }
  }

  /** What an HTML page yielded: no tree links, no JSON sources, no title or alt texts. */
  public Extraction(List<String> images, List<String> nextPages, List<String> followed, int shown) {
    this(images, nextPages, followed, List.of(), shown, Map.of(), null, List.of());
  }

  /** Images and links of a page that shows no other picture, with no title or alt texts. */
  public Extraction(List<String> images, List<String> nextPages, List<String> followed) {
    this(images, nextPages, followed, 0);
  }

  /** The alt text of image {@code i}, or null. */
  public String alt(int i) {
    String alt = alts.isEmpty() ? "" : alts.get(i);
    return alt.isBlank() ? null : alt;
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of(), List.of());
}
