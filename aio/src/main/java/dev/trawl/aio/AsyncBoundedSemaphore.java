package dev.trawl.aio;

/**
 * An {@link AsyncSemaphore} whose {@link #release()} refuses to raise the count above its initial
 * value; asyncio's {@code BoundedSemaphore}. A release without a matching acquire is a bug, and
 * this class reports it where it happens.
 *
 * <pre>{@code
 * AsyncBoundedSemaphore slots = new AsyncBoundedSemaphore(4);
 * slots.acquire();
 * try {
 *   work();
 * } finally {
 *   slots.release();
 * }
 * }</pre>
 *
 * <p>Thread safe.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {
  private final int bound;

  /**
   * Creates a semaphore with {@code permits} free permits, which is also the most it can hold.
   *
   * @param permits the initial and highest number of free permits
   * @throws IllegalArgumentException if permits is negative
   */
  public AsyncBoundedSemaphore(int permits) {
    super(permits);
    this.bound = permits;
  }

  /**
   * Returns a permit, waking the longest waiting task if any.
   *
   * @throws IllegalStateException "released too many times" (asyncio's {@code ValueError}) if the
   *     count would exceed its initial value; the count is unchanged
   */
  @Override
  public void release() {
    if (!permits.release(bound)) {
      throw new IllegalStateException("AsyncBoundedSemaphore released too many times: " + this);
    }
  }
}
