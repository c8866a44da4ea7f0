package dev.trawl.aio.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One daemon timer thread for deadlines; its actions must be short and must not block. */
public final class Scheduler {
  private static final ScheduledThreadPoolExecutor TIMER = newTimer();

  private Scheduler() {}

  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "aio-timer");
              t.setDaemon(true);
              return t;
            });
    // Most deadlines are cancelled before they fire; do not keep them queued.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Runs {@code action} on the timer thread after {@code nanos}. */
  public static ScheduledFuture<?> schedule(Runnable action, long nanos) {
    return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
  }
}
