package dev.trawl.fetch;

import dev.trawl.aio.CancelledException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cap on the body bytes per second of a whole crawl ({@code --limit-rate}), shared by every
 * request: each read books its bytes on one timeline and sleeps until the timeline allows them. Up
 * to a tenth of a second of bytes may go in a burst. Thread-safe; the lock is never held while
 * sleeping.
 */
public final class RateLimit {
  private static final long BURST_NANOS = 100_000_000L;

  private final long bytesPerSecond;
  private final ReentrantLock lock = new ReentrantLock();
  private long nextFree = System.nanoTime();

  public RateLimit(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException("limit-rate < 1 byte/s: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** {@code in} read no faster than this limit allows, together with every other stream. */
  public InputStream limit(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          take(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, (int) Math.min(len, chunk()));
        if (n > 0) {
          take(n);
        }
        return n;
      }
    };
  }

  /** Reads at most a tenth of a second of bytes at once, so one read never sleeps long. */
  private long chunk() {
    return Math.max(1, bytesPerSecond / 10);
  }

  /** Books {@code n} bytes and sleeps until they are due. */
  void take(long n) {
    long wait;
    lock.lock();
    try {
      long now = System.nanoTime();
      long start = Math.max(nextFree, now - BURST_NANOS);
      nextFree = start + n * 1_000_000_000L / bytesPerSecond;
      wait = nextFree - now;
    } finally {
      lock.unlock();
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("cancelled while keeping to --limit-rate", e);
      }
    }
  }

  @Override
  public String toString() {
    return bytesPerSecond + " B/s";
  }
}
