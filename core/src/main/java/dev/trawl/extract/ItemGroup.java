package dev.trawl.extract;

import java.util.List;

/**
 * One repeated structure holding pictures on a listing page (a thumbnail grid, a gallery list, a
 * column of post previews), with its score and the reasons for it.
 *
 * @param imageSelector CSS selecting exactly the items' thumbnails on the page
 * @param itemSelector CSS of one item (for evidence lines: {@code ul.gallery > li.gallerybox})
 * @param score higher is more gallery-like; {@link GalleryDetector#CONFIDENT} and up is a gallery
 * @param attribute the thumbnails' attribute holding their URL ({@code data-original}, {@code src})
 * @param items the items in document order
 * @param reach how an item leads to its full-size picture
 * @param linkSelector CSS selecting the items' links for {@link Reach#PICTURE_LINK} and {@link
 *     Reach#WORK_PAGE}; null for {@link Reach#THUMBNAIL}
 * @param linkAttribute the links' attribute holding the URL the items lead to: {@code href}, or one
 *     naming a larger file ({@code data-big}: sigal's link is the resized copy, that the original)
 * @param reasons what raised or lowered the score, one short phrase each
 */
public record ItemGroup(
    String imageSelector,
    String itemSelector,
    double score,
    String attribute,
    List<Item> items,
    Reach reach,
    String linkSelector,
    String linkAttribute,
    List<String> reasons) {
  public ItemGroup {
    items = List.copyOf(items);
    reasons = List.copyOf(reasons);
  }

  /** How an item leads to its full-size picture. */
  public enum Reach {
    /** Its link points at a picture file. */
    PICTURE_LINK,
    /** Its link points at a page of its own (a work page) showing the picture. */
    WORK_PAGE,
    /** It has no usable link: the thumbnail (its largest declared source) is all there is. */
    THUMBNAIL
  }

  /**
   * One item.
   *
   * @param thumbnail the thumbnail's URL (lazy-load attributes and srcset considered)
   * @param link the URL its link leads to for the group's reach, or null
   */
  public record Item(String thumbnail, String link) {}

  /** The number of items. */
  public int count() {
    return items.size();
  }

  /** "12 x ul.gallery > li.gallerybox" */
  public String describe() {
    return count() + " x " + itemSelector;
  }
}
