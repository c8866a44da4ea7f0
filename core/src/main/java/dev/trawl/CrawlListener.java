package dev.trawl;

import java.util.List;

/**
 * The status sink every stage reports to. Called concurrently from crawl tasks: implementations
 * must be thread-safe and must not block. The manifest, the progress display and the summary are
 * listeners.
 */
public interface CrawlListener {
  /** Work an earlier run left open, reported once when a crawl resumes. */
  default void resumed(long pages, long images) {}

  /** A page queued for the first time, with its level (0 for start pages). */
  default void pageDiscovered(String url, int level) {}

  default void pageDone(PageOutcome outcome) {}

  default void imageDiscovered(String url, String page) {}

  default void imageDone(ItemOutcome outcome) {}

  /**
   * In a dry run ({@link Crawler.Builder#listOnly}): a picture the crawl would download, as it
   * would be requested (after rewrites), found on {@code page}.
   */
  default void imageListed(String url, String page) {}

  /**
   * A line of an input list that is not an http(s) URL: skipped, and the crawl ends incomplete.
   *
   * @param list the list's name
   * @param line its line number, from 1
   * @param text the line
   */
  default void inputRejected(String list, long line, String text) {}

  /** Body bytes received, for rates; called often with small counts. */
  default void bytesReceived(long bytes) {}

  /**
   * A picture whose rewrite changed its URL was fetched: {@code fellBack} when the rewritten URL
   * failed and the URL as found was tried instead ({@code --fallback}).
   */
  default void imageRewritten(String url, String rewritten, boolean fellBack) {}

  /**
   * Pagers (next links, open ranges) reached {@code limit} pages, the default limit, and no more
   * pages are queued from them; {@link Crawler.Builder#maxPages} sets another limit.
   */
  default void pagerLimitReached(long limit) {}

  /** A listener that forwards every event to each of {@code listeners}, in order. */
  static CrawlListener of(CrawlListener... listeners) {
    List<CrawlListener> all = List.of(listeners);
    return new CrawlListener() {
      @Override
      public void resumed(long pages, long images) {
        all.forEach(l -> l.resumed(pages, images));
      }

      @Override
      public void pageDiscovered(String url, int level) {
        all.forEach(l -> l.pageDiscovered(url, level));
      }

      @Override
      public void pageDone(PageOutcome outcome) {
        all.forEach(l -> l.pageDone(outcome));
      }

      @Override
      public void imageDiscovered(String url, String page) {
        all.forEach(l -> l.imageDiscovered(url, page));
      }

      @Override
      public void imageDone(ItemOutcome outcome) {
        all.forEach(l -> l.imageDone(outcome));
      }

      @Override
      public void imageListed(String url, String page) {
        all.forEach(l -> l.imageListed(url, page));
      }

      @Override
      public void inputRejected(String list, long line, String text) {
        all.forEach(l -> l.inputRejected(list, line, text));
      }

      @Override
      public void bytesReceived(long bytes) {
        all.forEach(l -> l.bytesReceived(bytes));
      }

      @Override
      public void imageRewritten(String url, String rewritten, boolean fellBack) {
        all.forEach(l -> l.imageRewritten(url, rewritten, fellBack));
      }

      @Override
      public void pagerLimitReached(long limit) {
        all.forEach(l -> l.pagerLimitReached(limit));
      }
    };
  }
}
