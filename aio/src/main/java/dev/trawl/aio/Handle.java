package dev.trawl.aio;

import java.util.Objects;

/**
 * A callback scheduled with {@link EventLoop#callSoon}; asyncio's {@code Handle}. {@link #cancel()}
 * before it runs and it never runs. Thread safe.
 */
public sealed class Handle permits TimerHandle {
  final Runnable callback;
  final EventLoop loop;
  private volatile boolean cancelled;

  Handle(EventLoop loop, Runnable callback) {
    this.loop = loop;
    this.callback = Objects.requireNonNull(callback, "callback");
  }

  /** Keeps the callback from running if it has not run yet; idempotent. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * True after {@link #cancel()}.
   *
   * @return whether the handle was cancelled
   */
  public boolean cancelled() {
    return cancelled;
  }

  /** Runs the callback unless cancelled; failures go to the loop's exception handler. */
  void run() {
    if (cancelled) {
      return;
    }
    try {
      callback.run();
    } catch (Throwable t) {
      loop.callExceptionHandler(
          new EventLoop.ExceptionContext("Exception in callback " + callback, t, this, null));
    }
  }

  /** asyncio's repr: {@code <Handle cancelled>} or {@code <Handle callback>}. */
  @Override
  public String toString() {
    return "<Handle " + (cancelled ? "cancelled " : "") + callback + ">";
  }
}
