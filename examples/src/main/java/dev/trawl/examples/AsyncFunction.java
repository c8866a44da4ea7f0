package dev.trawl.examples;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Definition of an asynchronous function": calling {@code func(2)} returns a coroutine object and
 * runs nothing. In Java the coroutine object is a {@link Callable}: building it runs nothing until
 * a loop (or a caller) runs it.
 */
public final class AsyncFunction {
  private AsyncFunction() {}

  /** What the example shows: the returned object, and whether the body ran. */
  public record Shown(Callable<Integer> coroutine, boolean ran) {}

  /** {@code async def func(x)}. */
  static Callable<Integer> func(PrintStream out, AtomicBoolean ran, int x) {
    return () -> {
      ran.set(true);
      out.println("Asynchronous functions");
      return x * x;
    };
  }

  /** Calls {@code func(2)} and prints the object it returns. */
  public static Shown demo(PrintStream out) {
    AtomicBoolean ran = new AtomicBoolean();
    Callable<Integer> ret = func(out, ran, 2);
    out.println(ret); // a coroutine-like object, not 4
    return new Shown(ret, ran.get());
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
