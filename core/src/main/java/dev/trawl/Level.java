package dev.trawl;

import dev.trawl.extract.ExtractRules;
import dev.trawl.rewrite.UrlRewriter;
import java.util.Objects;

/**
 * One level of pages in a crawl. A crawl is a list of levels; the start pages are level 0. A page
 * of level {@code n} is read by {@link dev.trawl.extract.PageExtractor} with this level's {@link
 * #rules()}, one pure function for every level: the links its {@code followSelector} finds are
 * queued as pages of level {@code n + 1}, its {@code nextSelector} links as pages of level {@code
 * n} (pagination within the level), and the pictures its {@code imageSelector} finds are queued
 * with level {@code n}, so that they are downloaded with this level's {@link #rewriter()} and
 * {@link #fallback()}. The crawl state stores each page's level, so every level resumes, retries
 * and is shared between workers alike.
 *
 * <p>{@code trawl get URL --follow '.post-preview a' --select a.download --attr href} is two
 * levels:
 *
 * <pre>{@code
 * List.of(
 *     new Level("listing", new ExtractRules(null, ATTRS, "a[rel=next]", ".post-preview a"),
 *         UrlRewriter.none(), false),
 *     new Level("work", new ExtractRules("a.download", List.of("href"), null, null),
 *         UrlRewriter.none(), false));
 * }</pre>
 *
 * <p>Adding a kind of level: levels are data, not code paths. A feature that builds levels (a
 * gallery detector) only makes this list and hands it to {@link Crawler.Builder#levels}. A feature
 * that needs a new way of walking (a tree that follows its own links to a depth) adds a field here
 * (say {@code int maxDepth}, 0 for none), keeps extraction as it is, and decides in the page step
 * where the links a page yields are queued (here the followed links of a tree level go back to the
 * same level while the depth, kept in the page's meta next to its range and pager state, is below
 * the limit). Add the field with a default in {@link #of} so existing callers keep compiling.
 *
 * @param name how the level is shown in progress and summaries ("listing", "work")
 * @param rules what the level's pages are read for
 * @param rewriter turns a picture URL found on this level into the URL to download
 * @param fallback when the rewritten URL answers 404/410 or is not an image, download the URL as
 *     found
 * @param maxDepth for a tree level (rules with a {@link ExtractRules#treeSelector()}, {@code
 *     --follow-tree}): the most tree links followed from a start page to reach a page of this
 *     level, from 1 to {@value #MAX_DEPTH}; the links a page at that depth yields are not followed
 *     deeper. A page is read once, at the depth it was first reached by.
 */
public record Level(
    String name, ExtractRules rules, UrlRewriter rewriter, boolean fallback, int maxDepth) {
  /** The depth of a tree when none is given ({@code --max-depth}). */
  public static final int DEFAULT_MAX_DEPTH = 5;

  /** The deepest tree a level may be given. */
  public static final int MAX_DEPTH = 100;

  public Level {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("blank level name: '" + name + "'");
    }
    Objects.requireNonNull(rules, "rules == null");
    Objects.requireNonNull(rewriter, "rewriter == null");
    checkMaxDepth(maxDepth);
  }

  /** A level whose tree, if it has one, is {@value #DEFAULT_MAX_DEPTH} deep. */
  public Level(String name, ExtractRules rules, UrlRewriter rewriter, boolean fallback) {
    this(name, rules, rewriter, fallback, DEFAULT_MAX_DEPTH);
  }

  /** A level without rewrites. */
  public static Level of(String name, ExtractRules rules) {
    return new Level(name, rules, UrlRewriter.none(), false);
  }

  /**
   * Checks a tree depth as levels do.
   *
   * @throws IllegalArgumentException naming the value outside 1 to {@value #MAX_DEPTH}
   */
  public static int checkMaxDepth(int maxDepth) {
    if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "max depth out of range (1 to " + MAX_DEPTH + "): " + maxDepth);
    }
    return maxDepth;
  }

  /**
   * The name of level {@code index} of {@code count} when none is given: "listing" for the start
   * pages, "work" for the last of two or more, "level N" between.
   */
  public static String defaultName(int index, int count) {
    if (index == 0) {
      return "listing";
    }
    return index == count - 1 ? "work" : "level " + index;
  }

  /** True when this level's pages yield links to a next level. */
  public boolean follows() {
    return rules.followSelector() != null;
  }

  /** True when this level's pages yield links to more pages of it, one step deeper. */
  public boolean isTree() {
    return rules.treeSelector() != null;
  }
}
