package dev.trawl.aio.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counting permits handed out strictly first come, first served. A releaser hands its permit
 * straight to the oldest waiter, so a newcomer never barges past a queue. A waiter that is
 * interrupted leaves the queue; if a permit had already been handed to it, the permit moves on.
 */
public final class FairPermits {
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int permits;

  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    volatile boolean granted;
  }

  /** Starts with {@code permits} (checked by the caller). */
  public FairPermits(int permits) {
    this.permits = permits;
  }

  /**
   * Takes a permit, waiting in line if none is free.
   *
   * @throws InterruptedException if interrupted while waiting; no permit is held then
   */
  public void acquire() throws InterruptedException {
    Waiter w;
    lock.lock();
    try {
      if (permits > 0 && waiters.isEmpty()) {
        permits--;
        return;
      }
      w = new Waiter();
      waiters.addLast(w);
    } finally {
      lock.unlock();
    }
    while (!w.granted) {
      if (Thread.interrupted()) {
        lock.lock();
        try {
          if (!w.granted) {
            waiters.remove(w);
            throw new InterruptedException();
          }
          // Granted while we were being interrupted: take it, the interrupt stays pending.
        } finally {
          lock.unlock();
        }
        Thread.currentThread().interrupt();
        return;
      }
      LockSupport.park(this);
    }
  }

  /** Takes a permit if one is free and nobody is waiting. */
  public boolean tryAcquire() {
    lock.lock();
    try {
      if (permits > 0 && waiters.isEmpty()) {
        permits--;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a permit, handing it to the oldest waiter if there is one. With {@code max >= 0}, a
   * release that would exceed {@code max} free permits is refused and returns false.
   */
  public boolean release(int max) {
    Waiter w;
    lock.lock();
    try {
      w = waiters.pollFirst();
      if (w == null) {
        if (max >= 0 && permits >= max) {
          return false;
        }
        permits++;
        return true;
      }
      w.granted = true;
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(w.thread);
    return true;
  }

  /** Free permits now. */
  public int available() {
    lock.lock();
    try {
      return permits;
    } finally {
      lock.unlock();
    }
  }

  /** Threads waiting now. */
  public int waiting() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }
}
