package dev.trawl.aio;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks; asyncio's {@code Condition}: tasks wait until another task
 * signals them, all under one {@link AsyncLock}.
 *
 * <pre>{@code
 * AsyncCondition cond = new AsyncCondition(new AsyncLock());
 * // consumer
 * cond.acquire();
 * try {
 *   cond.waitFor(() -> !items.isEmpty());
 *   use(items.remove());
 * } finally {
 *   cond.release();
 * }
 * // producer
 * cond.acquire();
 * try {
 *   items.add(x);
 *   cond.signal();
 * } finally {
 *   cond.release();
 * }
 * }</pre>
 *
 * <p><b>Names.</b> {@code java.lang.Object} owns {@code wait}, {@code notify} and {@code
 * notifyAll}, so asyncio's {@code wait()}, {@code notify(n)} and {@code notify_all()} are {@link
 * #await()}, {@link #signal(int)} and {@link #signalAll()} here (the names of {@link
 * java.util.concurrent.locks.Condition}).
 *
 * <p><b>Cancellation.</b> A task cancelled while waiting reacquires the lock before {@link
 * #await()} throws {@link CancelledException}, as in asyncio, so a {@code finally} that releases
 * the lock stays correct. If it had just been signalled, the signal passes to the next waiter.
 *
 * <p>Thread safe. Waiters are woken in the order they started waiting.
 */
public final class AsyncCondition {
  private final AsyncLock lock;
  private final ReentrantLock guard = new ReentrantLock();
  // Guarded by guard.
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    volatile boolean signalled;
  }

  /** A condition with a new lock of its own. */
  public AsyncCondition() {
    this(new AsyncLock());
  }

  /**
   * A condition over {@code lock}, which may be shared with other conditions.
   *
   * @param lock the lock held around waiting and signalling
   */
  public AsyncCondition(AsyncLock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** Acquires the underlying lock; see {@link AsyncLock#acquire()}. */
  public void acquire() {
    lock.acquire();
  }

  /** Releases the underlying lock; see {@link AsyncLock#release()}. */
  public void release() {
    lock.release();
  }

  /**
   * True while the underlying lock is held.
   *
   * @return whether the lock is held
   */
  public boolean locked() {
    return lock.locked();
  }

  /**
   * Releases the lock, waits until signalled, then reacquires the lock; asyncio's {@code wait()}.
   *
   * @throws IllegalStateException "cannot wait on un-acquired lock" if the lock is not held
   * @throws CancelledException if the calling task is cancelled while waiting; the lock is held
   *     again when it is thrown
   */
  public void await() {
    if (!lock.locked()) {
      throw new IllegalStateException("cannot wait on un-acquired lock: " + this);
    }
    Waiter w = new Waiter();
    guard.lock();
    try {
      waiters.addLast(w);
    } finally {
      guard.unlock();
    }
    lock.release();
    boolean cancelled = false;
    while (!w.signalled) {
      if (Thread.interrupted()) {
        cancelled = true;
        break;
      }
      LockSupport.park(this);
    }
    if (cancelled) {
      guard.lock();
      try {
        if (!w.signalled) {
          waiters.remove(w); // once out of the queue it can no longer be signalled
        }
      } finally {
        guard.unlock();
      }
    }
    while (true) {
      try {
        lock.acquire();
        break;
      } catch (CancelledException e) {
        cancelled = true;
      }
    }
    if (cancelled) {
      if (w.signalled) {
        signal(1); // a signal this task can no longer use goes to the next waiter
      }
      throw Aio.cancelledHere();
    }
  }

  /**
   * Waits until {@code predicate} is true, checking it first and after every wake-up; asyncio's
   * {@code wait_for}. The predicate runs with the lock held.
   *
   * @param predicate the condition to wait for
   * @return the predicate's last value (true)
   * @throws IllegalStateException if the lock is not held
   * @throws CancelledException as {@link #await()}
   */
  public boolean waitFor(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    boolean result = predicate.getAsBoolean();
    while (!result) {
      await();
      result = predicate.getAsBoolean();
    }
    return result;
  }

  /** Wakes one waiting task; asyncio's {@code notify()}. As {@link #signal(int) signal(1)}. */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiting tasks, longest waiting first; asyncio's {@code notify(n)}. A
   * woken task returns from {@link #await()} once it has reacquired the lock, which the caller
   * still holds.
   *
   * @param n how many waiting tasks to wake at most
   * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
   * @throws IllegalArgumentException if n is negative
   */
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    if (!lock.locked()) {
      throw new IllegalStateException("cannot notify on un-acquired lock: " + this);
    }
    guard.lock();
    try {
      for (int i = 0; i < n && !waiters.isEmpty(); i++) {
        Waiter w = waiters.pollFirst();
        w.signalled = true;
        LockSupport.unpark(w.thread);
      }
    } finally {
      guard.unlock();
    }
  }

  /** Wakes every waiting task; asyncio's {@code notify_all()}. */
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  /** Tasks waiting now. */
  int waiting() {
    guard.lock();
    try {
      return waiters.size();
    } finally {
      guard.unlock();
    }
  }

  @Override
  public String toString() {
    return "<AsyncCondition " + (locked() ? "locked" : "unlocked") + " waiters=" + waiting() + ">";
  }
}
