package dev.trawl.extract;

import java.util.List;

/**
 * What {@link GalleryDetector#detectListing} found on a listing page.
 *
 * @param groups the page's picture structures, best first (also the unconfident ones)
 * @param pager how the page leads to the next one, or null when it shows no pager
 * @param cards the page's album cards, or null when it shows none
 */
public record ListingDetection(List<ItemGroup> groups, Pager pager, AlbumCards cards) {
  public ListingDetection {
    groups = List.copyOf(groups);
  }

  /**
   * The gallery: the best group when it holds at least {@link GalleryDetector#MIN_ITEMS} distinct
   * pictures and scores at least {@link GalleryDetector#CONFIDENT}; null when the page shows none.
   */
  public ItemGroup gallery() {
    if (groups.isEmpty()) {
      return null;
    }
    ItemGroup best = groups.get(0);
    long distinct = best.items().stream().map(ItemGroup.Item::thumbnail).distinct().count();
    return distinct >= GalleryDetector.MIN_ITEMS && best.score() >= GalleryDetector.CONFIDENT
        ? best
        : null;
  }

  /** The best group, confident or not, for "best guess" messages; null when there is none. */
  public ItemGroup bestGuess() {
    return groups.isEmpty() ? null : groups.get(0);
  }
}
