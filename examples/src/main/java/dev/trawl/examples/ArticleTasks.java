package dev.trawl.examples;

import dev.trawl.aio.Aio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The article's {@code task1} (sleeps 2 s, here 200 ms) and {@code task2} (1 s, here 100 ms). */
public final class ArticleTasks {
  /** The article's 2 s, scaled. */
  public static final Duration TASK1_SLEEP = Duration.ofMillis(200);

  /** The article's 1 s, scaled. */
  public static final Duration TASK2_SLEEP = Duration.ofMillis(100);

  private ArticleTasks() {}

  /** {@code async def task1(x)}: a Callable is the coroutine object; nothing runs yet. */
  public static Callable<Integer> task1(PrintStream out, int x) {
    return () -> {
      out.println("Task 1");
      Aio.sleep(TASK1_SLEEP);
      out.println("Recovery mission 1");
      return x;
    };
  }

  /** {@code async def task2(x)}. */
  public static Callable<Integer> task2(PrintStream out, int x) {
    return () -> {
      out.println("Task 2");
      Aio.sleep(TASK2_SLEEP);
      out.println("Recovery mission 2");
      return x;
    };
  }

  /** Milliseconds since {@code startNanos}. */
  public static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
