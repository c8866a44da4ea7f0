package dev.trawl.aio;

import dev.trawl.aio.internal.FairPermits;

/**
 * A counting semaphore for tasks; asyncio's {@code Semaphore}. Fair: permits go to waiters strictly
 * in the order they started waiting, and a newcomer never takes a permit while others wait.
 * Cancellable: a task cancelled while waiting leaves the queue with no permit held (a permit that
 * was being handed to it moves on to the next waiter).
 *
 * <pre>{@code
 * AsyncSemaphore perHost = new AsyncSemaphore(4);
 * perHost.acquire();
 * try {
 *   fetch(url);
 * } finally {
 *   perHost.release();
 * }
 * }</pre>
 *
 * <p>Thread safe. Like asyncio's (unbounded) {@code Semaphore}, {@link #release()} may raise the
 * count above its initial value; {@link AsyncBoundedSemaphore} refuses that.
 */
public sealed class AsyncSemaphore permits AsyncBoundedSemaphore {
  final FairPermits permits;

  /**
   * Creates a semaphore with {@code permits} free permits.
   *
   * @param permits the initial number of free permits
   * @throws IllegalArgumentException if permits is negative
   */
  public AsyncSemaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits < 0: " + permits);
    }
    this.permits = new FairPermits(permits);
  }

  /**
   * Takes a permit, waiting in line while none is free.
   *
   * @throws CancelledException if the calling task is cancelled while waiting; no permit is held
   */
  public void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    }
  }

  /**
   * Takes a permit only if one is free and nobody is waiting; never blocks.
   *
   * @return whether a permit was taken
   */
  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  /** Returns a permit, waking the longest waiting task if any. */
  public void release() {
    permits.release(-1);
  }

  /**
   * True when {@link #acquire()} would wait.
   *
   * @return whether an acquire would wait
   */
  public boolean locked() {
    return permits.available() == 0 || permits.waiting() > 0;
  }

  /**
   * Free permits now.
   *
   * @return the free permits
   */
  public int available() {
    return permits.available();
  }

  @Override
  public String toString() {
    return "<"
        + getClass().getSimpleName()
        + " value="
        + permits.available()
        + " waiters="
        + permits.waiting()
        + ">";
  }
}
