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
    lock.lock();
    try {
      List<Long> first = new ArrayList<>(window);
      for (int i = 0; i < window; i++) {
        first.add(next++);
      }
      return first;
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
