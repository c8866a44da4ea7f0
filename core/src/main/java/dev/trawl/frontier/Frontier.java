package dev.trawl.frontier;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What to visit next, for the workers of one process: a small buffer of entries leased from the
 * {@link CrawlStore}, where the whole frontier lives. {@link #take()} returns null once nothing is
 * queued or leased anywhere, so workers stop by themselves when the crawl is finished (with several
 * processes on one store, when all of them are). Thread-safe. Up to one and a half batches may be
 * leased at once: a worker claims the next batch when half of the buffer is left.
 */
public final class Frontier {
  private final CrawlStore store;
  private final String worker;
  private final int batch;
  private final Duration lease;
  private final Duration poll;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<CrawlStore.Claim> buffer = new ArrayDeque<>();
  private int inFlight;
  // Offers and dones so far: a worker whose claim found nothing looks again if this moved.
  private long changes;
  // Offers so far, and at the last claim: a claim before the buffer is empty only when more may
  // be open (the last claim was full, or entries were offered since).
  private long offers;
  private long offersAtClaim;
  private boolean lastClaimFull;
  private boolean claiming;
  private boolean closed;

  /**
   * @param worker this process's lease owner name
   * @param batch how many entries to lease at once
   * @param lease how long a lease lasts unless renewed
   * @param poll how often to look again while other processes hold the only open work
   */
  public Frontier(CrawlStore store, String worker, int batch, Duration lease, Duration poll) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch < 1: " + batch);
    }
    this.store = store;
    this.worker = worker;
    this.batch = batch;
    this.lease = lease;
    this.poll = poll;
  }

  /** Adds entries not seen before; returns one flag per entry, true where added. */
  public boolean[] offer(List<CrawlStore.Entry> entries) {
    if (entries.isEmpty()) {
      return new boolean[0];
    }
    boolean[] added = store.add(entries);
    for (boolean a : added) {
      if (a) {
        wake();
        break;
      }
    }
    return added;
  }

  /**
   * Waits for the next entry and counts it in flight until {@link #done}; null when the crawl is
   * finished or the frontier closed.
   *
   * @throws InterruptedException when the waiting thread is interrupted (cancelled)
   */
  public CrawlStore.Claim take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        // Claim again before the buffer runs dry, so workers do not queue behind a claim.
        if (!claiming
            && (buffer.isEmpty()
                || buffer.size() <= batch / 2 && (lastClaimFull || offers != offersAtClaim))) {
          long seen = changes;
          boolean open = refill();
          if (buffer.isEmpty()) {
            if (!open) {
              closed = true;
              changed.signalAll();
              return null;
            }
            if (changes == seen) {
              // Nothing new: wait for an offer or a done, or poll while other processes hold it.
              if (inFlight > 0) {
                changed.await();
              } else {
                changed.await(poll.toNanos(), TimeUnit.NANOSECONDS);
              }
            }
            continue;
          }
        }
        CrawlStore.Claim next = buffer.poll();
        if (next == null) {
          changed.await(); // another worker is claiming
          continue;
        }
        inFlight++;
        if (!buffer.isEmpty()) {
          changed.signal(); // one waiter per entry: each taker wakes the next
        }
        return next;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Leases up to a batch into the buffer; false when nothing is open anywhere. Called and returns
   * with the lock held; the store call runs without it (decide under the lock, act after it).
   */
  private boolean refill() {
    claiming = true;
    offersAtClaim = offers;
    List<CrawlStore.Claim> claims = List.of();
    boolean open = true;
    lock.unlock();
    try {
      claims = store.claim(worker, batch, lease);
      if (claims.isEmpty() && idle()) {
        store.flush();
        open = store.hasOpenWork();
      }
    } finally {
      lock.lock();
      claiming = false;
    }
    lastClaimFull = claims.size() >= batch;
    buffer.addAll(claims);
    return open;
  }

  private boolean idle() {
    lock.lock();
    try {
      return inFlight == 0 && buffer.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Records a taken entry's outcome and counts it out of flight. */
  public void done(CrawlStore.Result result) {
    done(List.of(result));
  }

  /**
   * Records the outcomes of taken entries with one call to the store (one transaction) and counts
   * them out of flight.
   */
  public void done(List<CrawlStore.Result> results) {
    if (results.isEmpty()) {
      return;
    }
    store.finish(results);
    lock.lock();
    try {
      if (inFlight < results.size()) {
        throw new IllegalStateException(
            "done() without take(): inFlight=" + inFlight + ", done " + results.size());
      }
      inFlight -= results.size();
      changes++;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Extends this process's leases; called periodically while crawling. */
  public void renewLeases() {
    store.renew(worker, lease);
  }

  /** Stops handing out entries: every waiting and later {@link #take()} returns null. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changes++;
      offers++;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }
}
