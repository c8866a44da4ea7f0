package dev.trawl.aio;

/**
 * Thrown by {@link AsyncBarrier#await()} when the barrier is aborted or reset while a task waits,
 * or is awaited while broken; asyncio's {@code BrokenBarrierError}. Unchecked, unlike {@link
 * java.util.concurrent.BrokenBarrierException}.
 */
public class BrokenBarrierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with the given message.
   *
   * @param message the message, may be null
   */
  public BrokenBarrierException(String message) {
    super(message);
  }
}
