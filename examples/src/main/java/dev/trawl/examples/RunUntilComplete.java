package dev.trawl.examples;

import dev.trawl.aio.EventLoop;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * "Event Loop": {@code loop = asyncio.get_event_loop(); ret = loop.run_until_complete(func(2))}.
 */
public final class RunUntilComplete {
  private RunUntilComplete() {}

  static Callable<Integer> func(PrintStream out, int x) {
    return () -> {
      out.println("Asynchronous functions");
      return x * x;
    };
  }

  /** Runs {@code func(2)} on a new loop and returns its value, 4. */
  public static int demo(PrintStream out) {
    Callable<Integer> coroutine1 = func(out, 2);
    try (EventLoop loop = EventLoop.newEventLoop()) {
      int ret = loop.runUntilComplete(coroutine1);
      out.println(ret);
      return ret;
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
