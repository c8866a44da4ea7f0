package dev.trawl.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * The two time limits of one request, kept by one timer instead of socket timeouts: the whole
 * request, and each wait on the network for the response head or the next body bytes (the idle read
 * timeout; time the caller spends between reads does not count). A timed socket read on a virtual
 * thread schedules and cancels a JDK timer task, waking the JDK's timer thread, on every read that
 * waits: more than one context switch per picture at 20 ms latency. This timer is armed once per
 * request, on a platform thread that a later deadline never wakes, and re-armed only while a slow
 * body keeps coming. When a limit passes, the exchange is cancelled: its connection is closed,
 * which ends a blocked read.
 *
 * <p>Thread-safe.
 */
final class RequestDeadline implements Runnable {
  private static final long NOT_WAITING = Long.MIN_VALUE;

  private final ScheduledExecutorService timers;
  private final Duration requestTimeout;
  private final Duration readTimeout;
  private final long start = System.nanoTime();
  private final AtomicReference<Cancellable> exchange = new AtomicReference<>();
  private volatile long waitingSince = NOT_WAITING;
  private volatile boolean requestExpired;
  private volatile boolean readExpired;
  private final ReentrantLock lock = new ReentrantLock();
  private ScheduledFuture<?> timer; // guarded by lock
  private boolean stopped; // guarded by lock

  /** Starts the clock of a request. */
  RequestDeadline(ScheduledExecutorService timers, Duration requestTimeout, Duration readTimeout) {
    this.timers = timers;
    this.requestTimeout = requestTimeout;
    this.readTimeout = readTimeout;
    arm(Math.min(requestTimeout.toNanos(), readTimeout.toNanos()));
  }

  /** The exchange a passed limit cancels: the current hop's. */
  void watch(Cancellable current) {
    exchange.set(current);
  }

  /** The request now waits on the network (a request sent, a read begun). */
  void waiting() {
    long now = System.nanoTime();
    waitingSince = now == NOT_WAITING ? now + 1 : now;
  }

  /** What it waited for came. */
  void arrived() {
    waitingSince = NOT_WAITING;
  }

  /** {@code in}, each of its reads a wait on the network. */
  InputStream timed(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        waiting();
        try {
          return super.read();
        } finally {
          arrived();
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        waiting();
        try {
          return super.read(b, off, len);
        } finally {
          arrived();
        }
      }

      @Override
      public long skip(long n) throws IOException {
        waiting();
        try {
          return super.skip(n);
        } finally {
          arrived();
        }
      }
    };
  }

  /** Aborts the current exchange (an interrupted caller's). */
  void cancelExchange() {
    Cancellable current = exchange.get();
    if (current != null) {
      current.cancel();
    }
  }

  /** True once a limit passed. */
  boolean expired() {
    return requestExpired || readExpired;
  }

  /** The failure a passed limit stands for; null when none passed. */
  IOException failure(String url) {
    if (requestExpired) {
      return new RequestTimeoutException(requestTimeout, url);
    }
    if (readExpired) {
      return new SocketTimeoutException(
          "read timed out: no bytes for " + readTimeout.toSeconds() + " s: " + url);
    }
    return null;
  }

  /** Ends the clock; called once the request is over, whatever its end. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      if (timer != null) {
        timer.cancel(false);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    long since = waitingSince;
    long requestEnd = start + requestTimeout.toNanos();
    if (now - requestEnd >= 0) {
      requestExpired = true;
    } else if (since != NOT_WAITING && now - since >= readTimeout.toNanos()) {
      readExpired = true;
    } else {
      long readEnd = (since == NOT_WAITING ? now : since) + readTimeout.toNanos();
      arm(Math.min(requestEnd - now, readEnd - now));
      return;
    }
    cancelExchange();
  }

  private void arm(long nanos) {
    lock.lock();
    try {
      if (!stopped) {
        timer = timers.schedule(this, Math.max(nanos, 1), TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }
}
