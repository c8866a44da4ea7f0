package dev.trawl.examples;

import dev.trawl.aio.EventLoop;
import java.io.PrintStream;

/**
 * "Cyclic event closure": call {@code close()} on a loop when done with it. After that, every use
 * of the loop throws "event loop is closed"; closing again does nothing.
 */
public final class CloseLoop {
  private CloseLoop() {}

  /** What the example shows. */
  public record Shown(int result, boolean closed, String errorAfterClose) {}

  /** Runs a task, closes the loop, then tries to use it. */
  public static Shown demo(PrintStream out) {
    EventLoop loop = EventLoop.newEventLoop();
    int result = loop.runUntilComplete(() -> 2 * 2);
    loop.close();
    loop.close();
    String error;
    try {
      loop.runUntilComplete(() -> 1);
      error = "none";
    } catch (IllegalStateException e) {
      error = e.getMessage();
    }
    out.println(result + " closed=" + loop.isClosed() + " then: " + error);
    return new Shown(result, loop.isClosed(), error);
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
