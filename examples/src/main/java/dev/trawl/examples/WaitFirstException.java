package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.millisSince;
import static dev.trawl.examples.ArticleTasks.task1;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.ReturnWhen;
import dev.trawl.aio.Task;
import dev.trawl.aio.WaitResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code asyncio.wait([...], return_when=asyncio.FIRST_EXCEPTION)}: returns as soon as one task
 * fails (here a task that crashes after 100 ms), leaving the slow task (200 ms) pending. Unlike
 * gather, wait never throws the task's exception; it is read from the done task.
 */
public final class WaitFirstException {
  private WaitFirstException() {}

  /** The (done, pending) pair, the failing task and the running time. */
  public record Run(WaitResult<Task<Integer>> result, Task<Integer> crashing, long millis) {}

  /** Runs main on a loop; pending tasks are cancelled when the loop closes. */
  public static Run demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            long start = System.nanoTime();
            Task<Integer> slow = Aio.createTask(task1(out, 1));
            Task<Integer> crashing =
                Aio.createTask(
                    () -> {
                      Aio.sleep(Duration.ofMillis(100));
                      throw new IllegalStateException("task 2 crashed");
                    });
            WaitResult<Task<Integer>> r =
                Aio.wait(List.of(slow, crashing), ReturnWhen.FIRST_EXCEPTION);
            out.println("done " + r.done());
            out.println("pending " + r.pending());
            long millis = millisSince(start);
            out.println("Running time " + millis + " ms");
            return new Run(r, crashing, millis);
          });
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
