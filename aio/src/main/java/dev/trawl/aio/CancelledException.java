package dev.trawl.aio;

import java.util.concurrent.CancellationException;

/**
 * Thrown by aio waits when the waiting task (or thread) is cancelled, and by {@link Task#result()}
 * when the task was cancelled; asyncio's {@code CancelledError}.
 *
 * <p>Code that catches {@code Exception} must rethrow this exception (or not catch it): swallowing
 * it turns a cancelled task into a finished one, exactly as swallowing {@code CancelledError} does
 * in Python.
 */
public class CancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with the cancel message, which may be null.
   *
   * @param message the message, may be null
   */
  public CancelledException(String message) {
    super(message);
  }

  /**
   * Creates an exception with the cancel message (may be null) and the cause (may be null).
   *
   * @param message the cancel message, may be null
   * @param cause the cause, may be null
   */
  public CancelledException(String message, Throwable cause) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
