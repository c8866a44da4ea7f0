package dev.trawl.aio;

import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a fixed number of tasks wait until all of them have arrived; asyncio's {@code Barrier}
 * (Python 3.11).
 *
 * <pre>{@code
 * AsyncBarrier ready = new AsyncBarrier(3);
 * // in each of 3 tasks:
 * int index = ready.await();   // 0, 1 or 2 in order of arrival; all return together
 * }</pre>
 *
 * <p><b>States</b> (asyncio's): {@code FILLING} while tasks arrive; {@code DRAINING} once the last
 * one arrived and the waiters are leaving (newcomers wait for the next round); {@code RESETTING}
 * after {@link #reset()} until the waiters have left with {@link BrokenBarrierException}; {@code
 * BROKEN} after {@link #abort()}, until {@link #reset()}. A task cancelled while waiting leaves
 * with {@link CancelledException} and does not break the barrier (as in asyncio, unlike {@link
 * java.util.concurrent.CyclicBarrier}).
 *
 * <p>Thread safe.
 */
public final class AsyncBarrier {
  private enum State {
    FILLING,
    DRAINING,
    RESETTING,
    BROKEN
  }

  private final int parties;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private State state = State.FILLING;
  private int count;

  /**
   * A barrier for {@code parties} tasks.
   *
   * @param parties how many tasks must arrive
   * @throws IllegalArgumentException if parties is less than 1
   */
  public AsyncBarrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties < 1: " + parties);
    }
    this.parties = parties;
  }

  /**
   * Waits until {@link #parties()} tasks have called this method, then returns in all of them;
   * asyncio's {@code wait()}. Waits first while the previous round is still draining.
   *
   * @return the arrival index, from 0 for the first task to {@code parties - 1} for the last
   * @throws BrokenBarrierException if the barrier is broken or is aborted or reset while waiting
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public int await() {
    lock.lock();
    try {
      while (state == State.DRAINING || state == State.RESETTING) {
        changed.await();
      }
      if (state == State.BROKEN) {
        throw new BrokenBarrierException("barrier aborted: " + this);
      }
      int index = count++;
      try {
        if (index + 1 == parties) {
          state = State.DRAINING;
          changed.signalAll();
        } else {
          while (state == State.FILLING) {
            changed.await();
          }
          if (state == State.BROKEN || state == State.RESETTING) {
            throw new BrokenBarrierException("barrier aborted or reset: " + this);
          }
        }
        return index;
      } finally {
        count--;
        if (count == 0) {
          if (state == State.RESETTING || state == State.DRAINING) {
            state = State.FILLING;
          }
          changed.signalAll();
        }
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the barrier to its empty state; tasks waiting now get {@link BrokenBarrierException}.
   * Also repairs a broken barrier.
   */
  public void reset() {
    lock.lock();
    try {
      if (count > 0) {
        state = State.RESETTING;
      } else {
        state = State.FILLING;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Breaks the barrier: waiting tasks and later {@link #await()} calls get {@link
   * BrokenBarrierException} until {@link #reset()}.
   */
  public void abort() {
    lock.lock();
    try {
      state = State.BROKEN;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of tasks that must arrive.
   *
   * @return the parties
   */
  public int parties() {
    return parties;
  }

  /**
   * Tasks waiting in the current round (asyncio's {@code n_waiting}); 0 unless filling.
   *
   * @return the tasks waiting
   */
  public int waiting() {
    lock.lock();
    try {
      return state == State.FILLING ? count : 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True after {@link #abort()} until {@link #reset()}.
   *
   * @return whether the barrier is broken
   */
  public boolean broken() {
    lock.lock();
    try {
      return state == State.BROKEN;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "<AsyncBarrier "
          + state.name().toLowerCase(Locale.ROOT)
          + " waiters="
          + (state == State.FILLING ? count : 0)
          + "/"
          + parties
          + ">";
    } finally {
      lock.unlock();
    }
  }
}
