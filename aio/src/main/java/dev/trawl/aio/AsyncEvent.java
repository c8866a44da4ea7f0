package dev.trawl.aio;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag that tasks can wait for; asyncio's {@code Event}. Initially clear. Java's {@code
 * Object.wait()} is final, so asyncio's {@code wait()} is called {@link #await()} here. Thread
 * safe.
 */
public final class AsyncEvent {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition isSet = lock.newCondition();
  private boolean flag;

  /** Creates a clear event. */
  public AsyncEvent() {}

  /** Sets the flag and wakes every waiting task. */
  public void set() {
    lock.lock();
    try {
      flag = true;
      isSet.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Clears the flag; later {@link #await()} calls wait again. */
  public void clear() {
    lock.lock();
    try {
      flag = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True while the flag is set.
   *
   * @return whether the flag is set
   */
  public boolean isSet() {
    lock.lock();
    try {
      return flag;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns at once if the flag is set, otherwise waits until {@link #set()} is called.
   *
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public void await() {
    lock.lock();
    try {
      while (!flag) {
        isSet.await();
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "<AsyncEvent " + (isSet() ? "set" : "unset") + ">";
  }
}
