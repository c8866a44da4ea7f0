package dev.trawl.examples;

import static dev.trawl.examples.ArticleTasks.task1;
import static dev.trawl.examples.ArticleTasks.task2;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints the tasks (pending), their {@code done()} before and after awaiting, and {@code result()}.
 * Java prints RUNNING where asyncio says pending: aio tasks start when created.
 */
public final class TaskStates {
  private TaskStates() {}

  /** What the article prints. */
  public record Shown(
      List<Task.State> before,
      List<Boolean> doneBefore,
      List<Boolean> doneAfter,
      List<Integer> results,
      List<String> reprs) {}

  /** Runs main on a loop. */
  public static Shown demo(PrintStream out) {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      return loop.runUntilComplete(
          () -> {
            Task<Integer> t1 = loop.createTask(task1(out, 1));
            Task<Integer> t2 = Aio.ensureFuture(task2(out, 2));
            out.println(t1);
            out.println(t2);
            List<Task.State> before = List.of(t1.state(), t2.state());
            List<Boolean> doneBefore = List.of(t1.done(), t2.done());
            out.println(t1.done() + " " + t2.done());
            t1.await();
            t2.await();
            List<Boolean> doneAfter = List.of(t1.done(), t2.done());
            out.println(t1.done() + " " + t2.done());
            out.println(t1.result());
            out.println(t2.result());
            out.println(t1);
            return new Shown(
                before,
                doneBefore,
                doneAfter,
                List.of(t1.result(), t2.result()),
                List.of(t1.toString(), t2.toString()));
          });
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
