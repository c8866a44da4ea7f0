package dev.trawl.extract;

import java.util.List;
import java.util.Objects;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * What to look for on a listing page: the elements carrying image URLs, the attributes tried on
 * each (in order) and the next-page links. Immutable; the constructor rejects bad input with an
 * {@link IllegalArgumentException} naming the bad value.
 *
 * @param imageSelector CSS selector for elements carrying image URLs (default {@code img})
 * @param imageAttributes attribute names tried in order; the first giving a usable URL wins
 * @param nextSelector CSS selector for next-page links; their {@code href} is followed
 */
public record ExtractRules(
    String imageSelector, List<String> imageAttributes, String nextSelector) {
  public static final String DEFAULT_IMAGE_SELECTOR = "img";
  public static final List<String> DEFAULT_ATTRIBUTES =
      List.of("data-original", "data-src", "data-lazy-src", "srcset", "src");
  public static final String DEFAULT_NEXT_SELECTOR = "link[rel=next], a[rel=next]";

  public ExtractRules {
    checkSelector(imageSelector);
    checkSelector(nextSelector);
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

  /** The seed-style defaults: {@code img}, lazy-loading attributes then {@code src}, rel=next. */
  public static ExtractRules defaults() {
    return new ExtractRules(DEFAULT_IMAGE_SELECTOR, DEFAULT_ATTRIBUTES, DEFAULT_NEXT_SELECTOR);
  }

  private static void checkSelector(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("bad CSS selector: " + value);
    }
    try {
      QueryParser.parse(value);
    } catch (Selector.SelectorParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("bad CSS selector: " + value, e);
    }
  }
}
