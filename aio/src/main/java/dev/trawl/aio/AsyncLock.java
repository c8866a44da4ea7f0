package dev.trawl.aio;

import dev.trawl.aio.internal.FairPermits;

/**
 * A mutual exclusion lock for tasks; asyncio's {@code Lock}. Fair (first come, first served) and
 * cancellable like {@link AsyncSemaphore}. Not reentrant and not owned: as in asyncio, any task may
 * release it, and a task that acquires it twice waits for itself.
 *
 * <pre>{@code
 * lock.acquire();
 * try {
 *   update();
 * } finally {
 *   lock.release();
 * }
 * }</pre>
 */
public final class AsyncLock {
  private final FairPermits permits = new FairPermits(1);

  /** Creates an unlocked lock. */
  public AsyncLock() {}

  /**
   * Acquires the lock, waiting in line while it is held.
   *
   * @throws CancelledException if the calling task is cancelled while waiting; the lock is not held
   */
  public void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    }
  }

  /**
   * Acquires the lock only if it is free and nobody is waiting.
   *
   * @return whether the lock was acquired
   */
  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  /**
   * Releases the lock, handing it to the longest waiting task if any.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void release() {
    if (!permits.release(1)) {
      throw new IllegalStateException("lock is not acquired: " + this);
    }
  }

  /**
   * True while the lock is held.
   *
   * @return whether the lock is held
   */
  public boolean locked() {
    return permits.available() == 0;
  }

  @Override
  public String toString() {
    return "<AsyncLock "
        + (locked() ? "locked" : "unlocked")
        + " waiters="
        + permits.waiting()
        + ">";
  }
}
