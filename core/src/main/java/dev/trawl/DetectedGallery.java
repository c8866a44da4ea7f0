package dev.trawl;

import dev.trawl.extract.ExtractRules;
import dev.trawl.rewrite.RewriteRule;
import dev.trawl.rewrite.UrlRewriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link GalleryInspector} found on a start page: how to crawl its gallery, and why.
 *
 * @param url the start page
 * @param urls the URLs to crawl: the start page, and an open page template when the pager is a page
 *     number in the URL
 * @param next CSS selecting the listing's next-page links, or null when there is none (or the
 *     template is the pager)
 * @param tree CSS selecting the album cards to follow level after level from the start page ({@code
 *     --follow-tree}) when the start page is a page of album cards, else null
 * @param levels the levels of pages, listing first: one level when the listing shows the pictures,
 *     two when each item's work page does
 * @param decisions one line per decision with its evidence, in the order they were taken
 * @param requests requests made (robots.txt included)
 */
public record DetectedGallery(
    String url,
    List<String> urls,
    String next,
    String tree,
    List<LevelSpec> levels,
    List<Decision> decisions,
    int requests) {
  public DetectedGallery {
    urls = List.copyOf(urls);
    levels = List.copyOf(levels);
    decisions = List.copyOf(decisions);
  }

  /** A gallery on the start page itself: no tree. */
  public DetectedGallery(
      String url,
      List<String> urls,
      String next,
      List<LevelSpec> levels,
      List<Decision> decisions,
      int requests) {
    this(url, urls, next, null, levels, decisions, requests);
  }

  /**
   * One level of pages.
   *
   * @param follow CSS selecting the links to the next level's pages, or null on the last level
   * @param select CSS selecting the pictures (last level only), else null
   * @param attr attributes holding the picture's URL, tried in order (last level only), else empty
   * @param rewrite rewrites from the URL found to the original's (confirmed by fetching), or empty
   * @param fallback whether to take the URL as found when the rewritten one is missing
   */
  public record LevelSpec(
      String follow, String select, List<String> attr, List<String> rewrite, boolean fallback) {
    public LevelSpec {
      attr = List.copyOf(attr);
      rewrite = List.copyOf(rewrite);
    }
  }

  /**
   * A decision and its evidence.
   *
   * @param topic what was decided: {@code albums} (a page of album cards), {@code items}, {@code
   *     originals}, {@code pager}
   * @param text the decision with its evidence: counts and an example URL
   */
  public record Decision(String topic, String text) {
    @Override
    public String toString() {
      return topic + ": " + text;
    }
  }

  /** The last level: where the pictures are selected. */
  public LevelSpec pictures() {
    return levels.get(levels.size() - 1);
  }

  /**
   * The levels as a crawl runs them ({@link Crawler.Builder#levels}): the first level paginates
   * with {@link #next()}, follows its {@link #tree()} {@value Level#DEFAULT_MAX_DEPTH} deep and
   * follows to the second; the last takes the pictures.
   */
  public List<Level> crawlLevels() {
    return crawlLevels(Level.DEFAULT_MAX_DEPTH);
  }

  /** The levels as a crawl runs them, the tree (if any) {@code maxDepth} deep. */
  public List<Level> crawlLevels(int maxDepth) {
    List<Level> out = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      LevelSpec l = levels.get(i);
      List<RewriteRule> rules = new ArrayList<>();
      l.rewrite().forEach(r -> rules.add(RewriteRule.parse(r)));
      out.add(
          new Level(
              Level.defaultName(i, levels.size()),
              new ExtractRules(
                  l.select(),
                  l.attr().isEmpty() ? ExtractRules.DEFAULT_ATTRIBUTES : l.attr(),
                  i == 0 ? next : null,
                  l.follow(),
                  i == 0 ? tree : null),
              new UrlRewriter(rules),
              l.fallback(),
              maxDepth));
    }
    return out;
  }
}
