package dev.trawl.frontier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Walks an open-ended template ({@code {A..}}): pages are fetched ahead in a window, and the range
 * ends at the first page that answers 404 or yields no new images. Thread-safe.
 */
public final class OpenRange {
  private final UrlTemplate template;
  private final int window;
  private final ReentrantLock lock = new ReentrantLock();
  private long next;
  private long end = Long.MAX_VALUE;

  public OpenRange(UrlTemplate template, int window) {
    if (!template.isOpenEnded()) {
      throw new IllegalArgumentException("not an open-ended template: " + template.pattern());
    }
    if (window < 1) {
      throw new IllegalArgumentException("window < 1: " + window);
    }
    this.template = template;
    this.window = window;
    this.next = template.first();
  }

  public UrlTemplate template() {
    return template;
  }

  /** The first window of pages to fetch, as page numbers. */
  public List<Long> start() {
    return resume(template.first() - 1, Long.MAX_VALUE, 0);
  }

  /**
   * Picks up a range an earlier run began: pages up to {@code scheduled} were queued before, {@code
   * end} is the earliest page known to be the last, {@code open} pages are still queued.
   *
   * @return the page numbers to queue now, filling the window
   */
  public List<Long> resume(long scheduled, long end, int open) {
    lock.lock();
    try {
      next = Math.max(next, scheduled + 1);
      this.end = Math.min(this.end, end);
      List<Long> more = new ArrayList<>();
      for (int i = open; i < window && next <= this.end; i++) {
        more.add(next++);
      }
      return more;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the outcome of page {@code n} and returns the page to fetch next, if any.
   *
   * @param last true when page n answered 404 or added no new image
   */
  public List<Long> pageDone(long n, boolean last) {
    lock.lock();
    try {
      if (last) {
        end = Math.min(end, n);
      }
      if (next > end) {
        return List.of();
      }
      return List.of(next++);
    } finally {
      lock.unlock();
    }
  }

  /** True when page n lies past the range's end, so its failure is expected and not reported. */
  public boolean isPastEnd(long n) {
    lock.lock();
    try {
      return n >= end;
    } finally {
      lock.unlock();
    }
  }
}
