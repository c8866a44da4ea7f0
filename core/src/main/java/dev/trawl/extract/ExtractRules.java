package dev.trawl.extract;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import java.util.Objects;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * What to look for on the pages of one level: the elements carrying image URLs, the attributes
 * tried on each (in order), the next pages of the same level, the links to the next level, and the
 * links into a tree of pages of the same level one step deeper (album indexes, years, albums).
 * Immutable; the constructor rejects bad input with an {@link IllegalArgumentException} naming the
 * bad value.
 *
 * <p>Every selector is CSS for HTML pages, or JSONPath for JSON pages when it starts with {@code $}
 * ({@code $[*].file_url}, {@code $.data.children[*].data.url}, {@code $.next}). On a JSON page the
 * attributes name the fields tried on a selected object ({@code --select '$[*]' --attr file_url}).
 *
 * @param imageSelector selector for elements carrying image URLs; null when the level's pages are
 *     read only for their links
 * @param imageAttributes attribute names tried in order; the first giving a usable URL wins
 * @param nextSelector selector for next-page links of the same level (their {@code href}); null for
 *     none
 * @param followSelector selector for links to the pages of the next level (their {@code href});
 *     null on the last level
 * @param treeSelector CSS selector for links to more pages of this level one step deeper in a tree
 *     (their {@code href}; {@code --follow-tree}), read with these same rules; null for none
 */
public record ExtractRules(
    String imageSelector,
    List<String> imageAttributes,
    String nextSelector,
    String followSelector,
    String treeSelector) {
  public static final String DEFAULT_IMAGE_SELECTOR = "img";
  public static final List<String> DEFAULT_ATTRIBUTES =
      List.of("data-original", "data-src", "data-lazy-src", "srcset", "src");
  public static final String DEFAULT_NEXT_SELECTOR = "link[rel=next], a[rel=next]";

  public ExtractRules {
    if (imageSelector == null && followSelector == null) {
      throw new IllegalArgumentException("a level needs a select or a follow selector");
    }
    checkOptional(imageSelector);
    checkOptional(nextSelector);
    checkOptional(followSelector);
    checkOptional(treeSelector);
    Objects.requireNonNull(imageAttributes, "imageAttributes == null");
    if (imageAttributes.isEmpty()) {
      throw new IllegalArgumentException("no image attributes");
    }
    for (String name : imageAttributes) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("blank attribute name in " + imageAttributes);
      }
    }
    imageAttributes = List.copyOf(imageAttributes);
  }

  /** Rules without a tree of pages of the same level. */
  public ExtractRules(
      String imageSelector,
      List<String> imageAttributes,
      String nextSelector,
      String followSelector) {
    this(imageSelector, imageAttributes, nextSelector, followSelector, null);
  }

  /** The rules of a single-level crawl: pictures and next pages, no deeper level. */
  public ExtractRules(String imageSelector, List<String> imageAttributes, String nextSelector) {
    this(checked(imageSelector), imageAttributes, checked(nextSelector), null);
  }

  /** The seed-style defaults: {@code img}, lazy-loading attributes then {@code src}, rel=next. */
  public static ExtractRules defaults() {
    return new ExtractRules(DEFAULT_IMAGE_SELECTOR, DEFAULT_ATTRIBUTES, DEFAULT_NEXT_SELECTOR);
  }

  /** These rules with pictures taken by {@code imageSelector} (null: none). */
  public ExtractRules withImageSelector(String imageSelector) {
    return new ExtractRules(
        imageSelector, imageAttributes, nextSelector, followSelector, treeSelector);
  }

  /** These rules with next pages found by {@code nextSelector} (null: none). */
  public ExtractRules withNextSelector(String nextSelector) {
    return new ExtractRules(
        imageSelector, imageAttributes, nextSelector, followSelector, treeSelector);
  }

  /** These rules with links to a next level found by {@code followSelector} (null: none). */
  public ExtractRules withFollowSelector(String followSelector) {
    return new ExtractRules(
        imageSelector, imageAttributes, nextSelector, followSelector, treeSelector);
  }

  /** These rules with links deeper into a tree of this level found by {@code treeSelector}. */
  public ExtractRules withTreeSelector(String treeSelector) {
    return new ExtractRules(
        imageSelector, imageAttributes, nextSelector, followSelector, treeSelector);
  }

  private static String checked(String value) {
    if (value == null) {
      throw new IllegalArgumentException("bad CSS selector: null");
    }
    return value;
  }

  private static void checkOptional(String value) {
    if (value != null) {
      checkSelector(value);
    }
  }

  /** True when {@code selector} is JSONPath (it starts with {@code $}), false for CSS. */
  public static boolean isJsonPath(String selector) {
    return selector.startsWith("$");
  }

  /**
   * Checks a selector as the rules do: JSONPath when it starts with {@code $}, else CSS.
   *
   * @throws IllegalArgumentException naming it when it does not parse
   */
  public static void checkSelector(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("bad CSS selector: " + value);
    }
    if (isJsonPath(value)) {
      try {
        JsonPath.compile(value);
        return;
      } catch (InvalidPathException | IllegalArgumentException e) {
        throw new IllegalArgumentException("bad JSONPath: " + value, e);
      }
    }
    try {
      QueryParser.parse(value);
    } catch (Selector.SelectorParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("bad CSS selector: " + value, e);
    }
  }
}
