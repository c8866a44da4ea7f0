package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.millisSince;
import static dev.trawl.examples.ArticleTasks.task1;
import static dev.trawl.examples.ArticleTasks.task2;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ret_1, ret_2 = await asyncio.gather(task1(1), task2(2))}: both run concurrently, so it
 * takes about the longest (200 ms here, 2 s in the article), task 2 resumes first, and the results
 * come back in argument order.
 */
public final class GatherExample {
  private GatherExample() {}

  /** The results and the running time. */
  public record Run(List<Integer> results, long millis) {}

  /** Runs main on a loop. */
  public static Run demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            long start = System.nanoTime();
            List<Integer> rets =
                Aio.gather(Aio.createTask(task1(out, 1)), Aio.createTask(task2(out, 2)));
            out.println("Task 1 returns a value of " + rets.get(0));
            out.println("Task 2 returns the value of " + rets.get(1));
            long millis = millisSince(start);
            out.println("Running time " + millis + " ms");
            return new Run(rets, millis);
          });
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
