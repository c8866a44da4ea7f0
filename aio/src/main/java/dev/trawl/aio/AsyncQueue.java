package dev.trawl.aio;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO queue for producer and consumer tasks; asyncio's {@code Queue}, including {@code shutdown}
 * from Python 3.13.
 *
 * <pre>{@code
 * AsyncQueue<String> urls = new AsyncQueue<>(100);
 * // consumer task
 * while (true) {
 *   String url;
 *   try {
 *     url = urls.get();
 *   } catch (QueueShutDownException e) {
 *     return null;
 *   }
 *   try {
 *     crawl(url);
 *   } finally {
 *     urls.taskDone();
 *   }
 * }
 * }</pre>
 *
 * <p>Where Java names differ: {@link #putNowait} throws {@link IllegalStateException} when the
 * queue is full (asyncio's {@code QueueFull}, Java's {@code Queue.add}), and {@link #getNowait}
 * throws {@link NoSuchElementException} when it is empty (asyncio's {@code QueueEmpty}, Java's
 * {@code Queue.remove}). Null elements are rejected.
 *
 * <p>Shutdown: after {@code shutdown(false)}, {@code put} throws {@link QueueShutDownException} and
 * {@code get} keeps returning the remaining items, then throws it. After {@code shutdown(true)},
 * the items are dropped (and counted as done for {@link #join()}) and {@code get} throws at once.
 * In both cases every blocked {@code put}/{@code get} wakes up and throws.
 *
 * <p>Thread safe. Blocked callers are woken in arrival order, but a caller arriving just then may
 * overtake them. {@link AsyncPriorityQueue} and {@link AsyncLifoQueue} have the same methods and
 * differ only in which item {@code get} returns.
 *
 * @param <E> the item type
 */
public sealed class AsyncQueue<E> permits AsyncPriorityQueue, AsyncLifoQueue {
  private final int maxsize;
  private final Queue<E> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition finished = lock.newCondition();
  private int unfinished;
  private boolean shutDown;

  /** An unbounded queue. */
  public AsyncQueue() {
    this(0);
  }

  /**
   * A queue holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the capacity; 0 for unbounded
   * @throws IllegalArgumentException if maxsize is negative
   */
  public AsyncQueue(int maxsize) {
    this(maxsize, new ArrayDeque<>());
  }

  /** A queue over {@code items}, which decides the order; for the subclasses. */
  AsyncQueue(int maxsize, Queue<E> items) {
    if (maxsize < 0) {
      throw new IllegalArgumentException("maxsize < 0: " + maxsize);
    }
    this.maxsize = maxsize;
    this.items = items;
  }

  /**
   * The capacity; 0 means unbounded.
   *
   * @return the capacity; 0 for unbounded
   */
  public int maxsize() {
    return maxsize;
  }

  /**
   * Items in the queue now (asyncio's {@code qsize()}).
   *
   * @return the number of items
   */
  public int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * True when the queue holds no items.
   *
   * @return whether the queue is empty
   */
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * True when the queue holds {@link #maxsize()} items; never for an unbounded queue.
   *
   * @return whether the queue is full
   */
  public boolean isFull() {
    lock.lock();
    try {
      return fullLocked();
    } finally {
      lock.unlock();
    }
  }

  private boolean fullLocked() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  /**
   * Adds {@code item}, waiting while the queue is full.
   *
   * @param item the item, not null
   * @throws QueueShutDownException if the queue is shut down (also while waiting)
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public void put(E item) {
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      while (!shutDown && fullLocked()) {
        notFull.await();
      }
      addLocked(item);
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code item} without waiting.
   *
   * @param item the item, not null
   * @throws IllegalStateException if the queue is full
   * @throws QueueShutDownException if the queue is shut down
   */
  public void putNowait(E item) {
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      if (!shutDown && fullLocked()) {
        throw new IllegalStateException("queue is full: maxsize=" + maxsize);
      }
      addLocked(item);
    } finally {
      lock.unlock();
    }
  }

  private void addLocked(E item) {
    if (shutDown) {
      throw new QueueShutDownException("queue is shut down");
    }
    items.add(item);
    unfinished++;
    notEmpty.signal();
  }

  /**
   * Removes and returns the oldest item, waiting while the queue is empty.
   *
   * @return the item
   * @throws QueueShutDownException if the queue is shut down and empty (also while waiting)
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public E get() {
    lock.lock();
    try {
      while (items.isEmpty()) {
        if (shutDown) {
          throw new QueueShutDownException("queue is shut down");
        }
        notEmpty.await();
      }
      return takeLocked();
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes and returns the oldest item without waiting.
   *
   * @return the item
   * @throws NoSuchElementException if the queue is empty
   * @throws QueueShutDownException if the queue is shut down and empty
   */
  public E getNowait() {
    lock.lock();
    try {
      if (items.isEmpty()) {
        if (shutDown) {
          throw new QueueShutDownException("queue is shut down");
        }
        throw new NoSuchElementException("queue is empty");
      }
      return takeLocked();
    } finally {
      lock.unlock();
    }
  }

  private E takeLocked() {
    E item = items.remove();
    notFull.signal();
    return item;
  }

  /**
   * Marks one item taken with {@code get} as processed; {@link #join()} returns when every item put
   * has been marked.
   *
   * @throws IllegalStateException if called more times than there were items
   */
  public void taskDone() {
    lock.lock();
    try {
      if (unfinished <= 0) {
        throw new IllegalStateException("taskDone() called too many times");
      }
      unfinished--;
      if (unfinished == 0) {
        finished.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every item put into the queue has been marked with {@link #taskDone()}.
   *
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public void join() {
    lock.lock();
    try {
      while (unfinished > 0) {
        finished.await();
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #shutdown(boolean) shutdown(false)}. */
  public void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down: {@code put} fails from now on and blocked callers wake up. With {@code
   * immediate}, the remaining items are dropped and {@code get} fails at once; otherwise {@code
   * get} drains the remaining items first. Idempotent.
   *
   * @param immediate whether to drop the items still queued
   */
  public void shutdown(boolean immediate) {
    lock.lock();
    try {
      shutDown = true;
      if (immediate) {
        while (!items.isEmpty()) {
          items.remove();
          if (unfinished > 0) {
            unfinished--;
          }
        }
        if (unfinished == 0) {
          finished.signalAll();
        }
      }
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * True after {@link #shutdown(boolean)}.
   *
   * @return whether the queue is shut down
   */
  public boolean isShutDown() {
    lock.lock();
    try {
      return shutDown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "<"
          + getClass().getSimpleName()
          + " maxsize="
          + maxsize
          + " size="
          + items.size()
          + " unfinished="
          + unfinished
          + (shutDown ? " shut down>" : ">");
    } finally {
      lock.unlock();
    }
  }
}
