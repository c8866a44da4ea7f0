package dev.trawl.aio;

/**
 * Thrown by {@link AsyncQueue} operations after {@link AsyncQueue#shutdown(boolean)}; asyncio's
 * {@code QueueShutDown} (Python 3.13).
 */
public class QueueShutDownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with the given message.
   *
   * @param message the message, may be null
   */
  public QueueShutDownException(String message) {
    super(message);
  }
}
