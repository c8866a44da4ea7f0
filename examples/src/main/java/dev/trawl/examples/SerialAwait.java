package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.millisSince;
import static dev.trawl.examples.ArticleTasks.task1;
import static dev.trawl.examples.ArticleTasks.task2;

import dev.trawl.aio.EventLoop;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ret_1 = await task1(1); ret_2 = await task2(2)}: awaiting coroutines one after the other
 * is serial, so it takes about the sum (300 ms here, 3 s in the article). Awaiting a coroutine
 * directly is, in Java, simply calling it.
 */
public final class SerialAwait {
  private SerialAwait() {}

  /** The results and the running time. */
  public record Run(List<Integer> results, long millis) {}

  /** Runs main on a loop. */
  public static Run demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            long start = System.nanoTime();
            int ret1 = task1(out, 1).call();
            int ret2 = task2(out, 2).call();
            out.println("Task 1 returns a value of " + ret1);
            out.println("Task 2 returns the value of " + ret2);
            long millis = millisSince(start);
            out.println("Running time " + millis + " ms");
            return new Run(List.of(ret1, ret2), millis);
          });
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
