package dev.trawl.aio;

import java.io.IOException;

/**
 * {@link StreamReader#readUntil} or {@link StreamReader#readLine} looked further than the reader's
 * limit for its separator; asyncio's {@code LimitOverrunError}. After {@code readUntil} the data
 * stays in the reader; {@link #consumed()} says how many bytes would have to be consumed.
 */
public class LimitOverrunException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The bytes to consume. */
  private final int consumed;

  /**
   * Creates an exception with a message and the number of bytes to consume.
   *
   * @param message the message
   * @param consumed the number of bytes to consume
   */
  public LimitOverrunException(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /**
   * The number of bytes to be consumed (where the separator starts, or how far it was sought).
   *
   * @return the number of bytes
   */
  public int consumed() {
    return consumed;
  }
}
