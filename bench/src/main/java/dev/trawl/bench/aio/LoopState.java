package dev.trawl.bench.aio;

import dev.trawl.aio.EventLoop;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** A fresh event loop for each trial, closed after it; the aio benchmarks extend it. */
public abstract class LoopState {
  /** The loop under test. */
  protected EventLoop loop;

  /** Opens the loop. */
  @Setup
  public void openLoop() {
    loop = EventLoop.newEventLoop();
  }

  /** Closes the loop. */
  @TearDown
  public void closeLoop() {
    loop.close();
  }
}
