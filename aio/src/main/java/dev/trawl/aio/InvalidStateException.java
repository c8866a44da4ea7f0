package dev.trawl.aio;

/**
 * An operation is not allowed in the current state of a task, a loop or a primitive, for example
 * {@link Task#result()} on a task that is not done; asyncio's {@code InvalidStateError}. The
 * message names the object and its state.
 */
public class InvalidStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with the given message.
   *
   * @param message the message, may be null
   */
  public InvalidStateException(String message) {
    super(message);
  }
}
