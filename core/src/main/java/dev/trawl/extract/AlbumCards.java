package dev.trawl.extract;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A repeated group of album cards on a page (thumbsup's {@code #galleries}, sigal's album list, a
 * category page): links to pages of the same host, each holding a cover thumbnail and none leading
 * to a picture file. What is behind the links (albums, or work pages of one picture each) is for
 * the pages themselves to say.
 *
 * @param selectors CSS selectors that each select exactly the cards' links on the page, the most
 *     general first ({@code ul#galleries a}, then {@code ul#galleries a:has(img)})
 * @param links the distinct pages the cards lead to, in document order (at least 2 on the page the
 *     cards were detected on)
 * @param covers the URLs of the pictures inside each card, by the card's link (cards to other hosts
 *     included)
 */
public record AlbumCards(
    List<String> selectors, List<String> links, Map<String, Set<String>> covers) {
  public AlbumCards {
    selectors = List.copyOf(selectors);
    links = List.copyOf(links);
    covers = Map.copyOf(covers);
  }

  /** The URLs of the pictures inside the cards. */
  public Set<String> thumbnails() {
    Set<String> all = new HashSet<>();
    covers.values().forEach(all::addAll);
    return all;
  }

  /** True when every picture of {@code group} sits inside a card: the group is the cards. */
  public boolean hold(ItemGroup group) {
    Set<String> all = thumbnails();
    return group.items().stream().allMatch(i -> all.contains(i.thumbnail()));
  }

  /**
   * How many cards show one of {@code pictures} as a cover of their own: an album shows at most its
   * own card's covers, a page of siblings (a work page's film strip) those of several. A cover
   * shared by several cards (a placeholder) counts for none.
   */
  public long cardsShowing(Collection<String> pictures) {
    Map<String, Integer> cardsPerCover = new HashMap<>();
    covers.values().forEach(c -> c.forEach(u -> cardsPerCover.merge(u, 1, Integer::sum)));
    return covers.values().stream()
        .filter(c -> pictures.stream().anyMatch(u -> c.contains(u) && cardsPerCover.get(u) == 1))
        .count();
  }

  /** "3 x ul#galleries a" */
  public String describe() {
    return links.size() + " x " + selectors.get(0);
  }
}
