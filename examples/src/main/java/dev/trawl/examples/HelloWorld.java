package dev.trawl.examples;

import dev.trawl.aio.Aio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The official example: {@code asyncio.run(main())} where main prints hello, sleeps 1 s (here 100
 * ms) and prints world. {@link Aio#run} makes a new loop and closes it at the end.
 */
public final class HelloWorld {
  private HelloWorld() {}

  /** Runs main; returns the elapsed milliseconds. */
  public static long demo(PrintStream out) {
    long start = System.nanoTime();
    Aio.run(
        () -> {
          out.println("hello");
          Aio.sleep(Duration.ofMillis(100));
          out.println("world");
          return null;
        });
    return ArticleTasks.millisSince(start);
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
