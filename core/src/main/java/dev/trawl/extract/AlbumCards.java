package dev.trawl.extract;

import java.util.List;
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
 * @param thumbnails the URLs of the pictures inside the cards
 */
public record AlbumCards(List<String> selectors, List<String> links, Set<String> thumbnails) {
  public AlbumCards {
    selectors = List.copyOf(selectors);
    links = List.copyOf(links);
    thumbnails = Set.copyOf(thumbnails);
  }

  /** True when every picture of {@code group} sits inside a card: the group is the cards. */
  public boolean hold(ItemGroup group) {
    return group.items().stream().allMatch(i -> thumbnails.contains(i.thumbnail()));
  }

  /** "3 x ul#galleries a" */
  public String describe() {
    return links.size() + " x " + selectors.get(0);
  }
}
