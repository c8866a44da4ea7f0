package dev.trawl.aio;

/**
 * A callback scheduled with {@link EventLoop#callLater} or {@link EventLoop#callAt}; asyncio's
 * {@code TimerHandle}. Thread safe.
 */
public final class TimerHandle extends Handle {
  private final long when;
  final long seq;

  TimerHandle(EventLoop loop, Runnable callback, long when, long seq) {
    super(loop, callback);
    this.when = when;
    this.seq = seq;
  }

  /**
   * When the callback is due, in the loop's clock ({@link EventLoop#time()}, nanoseconds).
   *
   * @return the due time in nanoseconds
   */
  public long when() {
    return when;
  }

  /** Cancels the callback and drops it from the loop's timer queue. */
  @Override
  public void cancel() {
    if (!cancelled()) {
      super.cancel();
      loop.timerCancelled(this);
    }
  }

  /** asyncio's repr: {@code <TimerHandle when=123 callback>}. */
  @Override
  public String toString() {
    return "<TimerHandle "
        + (cancelled() ? "cancelled " : "")
        + "when="
        + when
        + " "
        + callback
        + ">";
  }
}
