package dev.trawl;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The totals of one crawl.
 *
 * @param pagesFetched pages read, at every level
 * @param pagesByLevel pages read by level, in level order, keyed by the level's name
 * @param pageFailures listing pages that could not be read (an open range's closing 404 is not one)
 * @param imagesDiscovered distinct image URLs found
 * @param saved pictures written
 * @param duplicates images whose bytes were already saved from another URL
 * @param failed images not saved because of an error
 * @param skipped images deliberately not fetched
 * @param bytes bytes of pictures written
 * @param elapsed wall time
 * @param failuresByReason failed images counted by reason
 * @param failures every failed image
 * @param totals the whole crawl's state, over every run so far
 * @param picturesShown pictures the pages read show ({@code img} elements), selected or not
 * @param thumbnails pictures saved whose header gives both sides under {@value #THUMBNAIL_SIZE}
 *     pixels
 * @param rejectedLines lines of an input list that were not http(s) URLs ("urls.txt line 3: not an
 *     http(s) URL: ftp://x"), the first {@value #REJECTED_KEPT}
 * @param rejected how many lines were rejected
 * @param rewritten pictures whose rewrite changed their URL, fetched in this run
 * @param fellBack of those, pictures whose rewritten URL failed so the URL as found was tried
 */
public record CrawlSummary(
    long pagesFetched,
    Map<String, Long> pagesByLevel,
    List<PageOutcome> pageFailures,
    long imagesDiscovered,
    long saved,
    long duplicates,
    long failed,
    long skipped,
    long bytes,
    Duration elapsed,
    Map<String, Long> failuresByReason,
    List<ItemOutcome> failures,
    Totals totals,
    long picturesShown,
    long thumbnails,
    List<String> rejectedLines,
    long rejected,
    long rewritten,
    long fellBack) {
  /** How many rejected input lines a summary keeps. */
  public static final int REJECTED_KEPT = 100;

  /** A saved picture narrower and lower than this (pixels) is thumbnail-sized. */
  public static final int THUMBNAIL_SIZE = 200;

  /** What a crawl that brought nothing worth having missed; {@link #NONE} for any other. */
  public enum Shortfall {
    NONE,
    /** No picture saved, and the pages read show none either. */
    NOTHING_SHOWN,
    /** No picture saved though the pages read show pictures: the selection misses them. */
    NOTHING_SAVED,
    /** Every picture saved is thumbnail-sized: the full-size ones are elsewhere. */
    ONLY_THUMBNAILS
  }

  /** Counts over the whole crawl, from its state. */
  public record Totals(
      long pagesRead,
      long pagesFailed,
      long saved,
      long duplicates,
      long failed,
      long skipped,
      long open) {
    public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * True when the rewrite fell back for most pictures (more than half of at least 2): a sign the
   * rewrite is wrong.
   */
  public boolean rewriteLooksWrong() {
    return rewritten >= 2 && fellBack * 2 > rewritten;
  }

  public double imagesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : (saved + duplicates) / seconds;
  }

  /**
   * Whether this crawl brought nothing worth having: no picture saved, skipped or found a duplicate
   * in this run or any earlier one while pages were read, or only thumbnails saved.
   */
  public Shortfall shortfall() {
    if (pagesFetched == 0) {
      return Shortfall.NONE;
    }
    long kept = saved + duplicates + skipped;
    long keptEver = totals.saved() + totals.duplicates() + totals.skipped();
    if (kept == 0 && keptEver == 0) {
      return picturesShown > 0 ? Shortfall.NOTHING_SAVED : Shortfall.NOTHING_SHOWN;
    }
    if (saved > 0 && thumbnails == saved) {
      return Shortfall.ONLY_THUMBNAILS;
    }
    return Shortfall.NONE;
  }

  /**
   * True when every image the crawl ever discovered was saved, found a duplicate or skipped on
   * purpose, every page was read, and no input line was rejected.
   */
  public boolean complete() {
    return failed == 0
        && rejected == 0
        && pageFailures.isEmpty()
        && totals.failed() == 0
        && totals.pagesFailed() == 0
        && totals.open() == 0;
  }
}
