package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.millisSince;
import static dev.trawl.examples.ArticleTasks.task1;
import static dev.trawl.examples.ArticleTasks.task2;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * "Creating a task": {@code task_1 = loop.create_task(coroutine1)}, {@code task_2 =
 * asyncio.ensure_future(coroutine2)}, then {@code await asyncio.gather(task_1, task_2)}. In aio the
 * tasks start running as soon as they are created.
 */
public final class CreateTaskExample {
  private CreateTaskExample() {}

  /** The results and the running time. */
  public record Run(List<Integer> results, long millis) {}

  /** Runs main on a loop. */
  public static Run demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            long start = System.nanoTime();
            Task<Integer> t1 = loop.createTask(task1(out, 1));
            Task<Integer> t2 = Aio.ensureFuture(task2(out, 2));
            List<Integer> rets = Aio.gather(t1, t2);
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
