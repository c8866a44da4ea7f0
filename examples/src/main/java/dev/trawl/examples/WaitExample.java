package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.millisSince;
import static dev.trawl.examples.ArticleTasks.task1;
import static dev.trawl.examples.ArticleTasks.task2;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Task;
import dev.trawl.aio.WaitResult;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code done, pending = await asyncio.wait([task1(1), task2(2)])}: returns the sets of done and
 * pending tasks; with the default ALL_COMPLETED it takes about the longest task (200 ms here).
 */
public final class WaitExample {
  private WaitExample() {}

  /** The (done, pending) pair and the running time. */
  public record Run(WaitResult<Task<Integer>> result, long millis) {}

  /** Runs main on a loop. */
  public static Run demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            long start = System.nanoTime();
            WaitResult<Task<Integer>> r =
                Aio.wait(List.of(Aio.createTask(task1(out, 1)), Aio.createTask(task2(out, 2))));
            out.println(r.done());
            out.println(r.pending());
            long millis = millisSince(start);
            out.println("Running time " + millis + " ms");
            return new Run(r, millis);
          });
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
