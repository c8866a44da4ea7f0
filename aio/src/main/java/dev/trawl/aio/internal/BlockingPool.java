package dev.trawl.aio.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded platform-thread pool behind {@code Aio.toThread}: one thread per processor (at least
 * 4), daemon threads that time out when idle.
 */
public final class BlockingPool {
  /** The number of platform threads. */
  public static final int SIZE = Math.max(4, Runtime.getRuntime().availableProcessors());

  private static final ThreadPoolExecutor POOL = newPool();

  private BlockingPool() {}

  private static ThreadPoolExecutor newPool() {
    AtomicInteger ids = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "aio-to-thread-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            SIZE, SIZE, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The shared pool. */
  public static ThreadPoolExecutor pool() {
    return POOL;
  }
}
