package dev.trawl.frontier;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What to visit next. URLs are deduplicated by their normalised key when offered; listing pages are
 * handed out before images so discovery runs ahead of downloads. {@link #take()} returns null once
 * nothing is queued and nothing is in flight, so workers stop by themselves when the crawl is
 * finished. Thread-safe.
 *
 * @param <P> page work
 * @param <I> image work
 */
public final class Frontier<P, I> {
  /** One unit of work: exactly one of page and image is set. */
  public record Work<P, I>(P page, I image) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<P> pages = new ArrayDeque<>();
  private final ArrayDeque<I> images = new ArrayDeque<>();
  private final Set<String> seenPages = new HashSet<>();
  private final Set<String> seenImages = new HashSet<>();
  private final long maxPages;
  private int inFlight;
  private boolean closed;

  /**
   * @param maxPages the most distinct pages ever queued, 0 for no limit
   */
  public Frontier(long maxPages) {
    if (maxPages < 0) {
      throw new IllegalArgumentException("maxPages < 0: " + maxPages);
    }
    this.maxPages = maxPages;
  }

  /**
   * Queues a page unless its key was offered before or the page limit is reached.
   *
   * @param key the page's URL normalised by {@link UrlKey#of}
   */
  public boolean offerPage(String key, P work) {
    lock.lock();
    try {
      if (closed || (maxPages > 0 && seenPages.size() >= maxPages) || !seenPages.add(key)) {
        return false;
      }
      pages.add(work);
      changed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues an image unless its key was offered before.
   *
   * @param key the image's URL normalised by {@link UrlKey#of}
   */
  public boolean offerImage(String key, I work) {
    lock.lock();
    try {
      if (closed || !seenImages.add(key)) {
        return false;
      }
      images.add(work);
      changed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records an image key as seen without queueing it (an image refused on sight).
   *
   * @return true when the key is new
   */
  public boolean seeImage(String key) {
    lock.lock();
    try {
      return seenImages.add(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next unit of work and counts it in flight until {@link #done()}; null when the
   * crawl is finished or the frontier closed.
   *
   * @throws InterruptedException when the waiting thread is interrupted (cancelled)
   */
  public Work<P, I> take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        P page = pages.poll();
        if (page != null) {
          inFlight++;
          return new Work<>(page, null);
        }
        I image = images.poll();
        if (image != null) {
          inFlight++;
          return new Work<>(null, image);
        }
        if (inFlight == 0) {
          closed = true;
          changed.signalAll();
          return null;
        }
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Marks one taken unit finished; whatever it offered must have been offered before. */
  public void done() {
    lock.lock();
    try {
      if (inFlight <= 0) {
        throw new IllegalStateException("done() without take(): inFlight=" + inFlight);
      }
      inFlight--;
      if (inFlight == 0) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops handing out work: every waiting and later {@link #take()} returns null. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Distinct image URLs offered so far. */
  public int imagesSeen() {
    lock.lock();
    try {
      return seenImages.size();
    } finally {
      lock.unlock();
    }
  }
}
