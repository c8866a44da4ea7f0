package dev.trawl.examples;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Future;
import dev.trawl.aio.InvalidStateException;
import dev.trawl.aio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Callback Return Value": {@code result()} before the task is done raises InvalidStateError;
 * {@code task.add_done_callback(callback)} runs the callback with the task when it is done; an
 * extra argument is bound with {@code functools.partial}, in Java with a lambda. The article's
 * {@code requests.get(url).status_code} is simulated: no network.
 */
public final class DoneCallback {
  private DoneCallback() {}

  /** What the example shows. */
  public record Shown(String earlyResultError, List<String> callbackLines, Integer result) {}

  /** {@code def callback(task)}. */
  static void callback(List<String> lines, Future<Integer> task) {
    lines.add("Callbacks: " + task.result());
  }

  /** {@code def callback(url, task)}, bound with {@code partial(callback, url)}. */
  static void callbackWithUrl(List<String> lines, String url, Future<Integer> task) {
    lines.add("Callbacks: " + url + " -> " + task.result());
  }

  /** Creates the task, binds both callbacks, runs it until complete. */
  public static Shown demo(PrintStream out) {
    List<String> lines = new CopyOnWriteArrayList<>();
    String url = "https://example.org/";
    try (EventLoop loop = EventLoop.newEventLoop()) {
      Task<Integer> task =
          loop.createTask(
              () -> {
                Aio.sleep(Duration.ofMillis(100)); // the request
                return 200;
              });
      String early;
      try {
        task.result();
        early = "no error";
      } catch (InvalidStateException e) {
        early = e.getMessage();
      }
      task.addDoneCallback(t -> callback(lines, t));
      task.addDoneCallback(t -> callbackWithUrl(lines, url, t)); // functools.partial
      out.println(task);
      out.println("*".repeat(100));
      Integer result = loop.runUntilComplete(task);
      out.println(task);
      // The callbacks run on the task's thread right after it finished.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (lines.size() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      lines.forEach(out::println);
      return new Shown(early, List.copyOf(lines), result);
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
