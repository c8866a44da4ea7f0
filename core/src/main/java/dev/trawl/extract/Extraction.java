package dev.trawl.extract;

import java.util.List;

/**
 * What one page yielded: absolute http(s) URLs in document order, without duplicates.
 *
 * @param images image URLs as found (before any rewrite)
 * @param nextPages next-page links
 * @param title the page's title, or null
 * @param alts for each image, the alt or title text of the element it came from ("" for none);
 *     empty when not known
 */
public record Extraction(
    List<String> images, List<String> nextPages, String title, List<String> alts) {
  public Extraction {
    images = List.copyOf(images);
    nextPages = List.copyOf(nextPages);
    alts = List.copyOf(alts);
    if (!alts.isEmpty() && alts.size() != images.size()) {
      throw new IllegalArgumentException(
          "alts (" + alts.size() + ") do not match images (" + images.size() + ")");
    }
  }

  /** Images and next pages, with no title or alt texts. */
  public Extraction(List<String> images, List<String> nextPages) {
    this(images, nextPages, null, List.of());
  }

  /** The alt text of image {@code i}, or null. */
  public String alt(int i) {
    String alt = alts.isEmpty() ? "" : alts.get(i);
    return alt.isBlank() ? null : alt;
  }

  static final Extraction EMPTY = new Extraction(List.of(), List.of());
}
