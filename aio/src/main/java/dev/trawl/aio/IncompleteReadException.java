package dev.trawl.aio;

import java.io.EOFException;

/**
 * The stream ended before {@link StreamReader#readExactly} got its bytes or {@link
 * StreamReader#readUntil} found its separator; asyncio's {@code IncompleteReadError} (an {@code
 * EOFError}, here an {@link EOFException}). The bytes read before the end are in {@link
 * #partial()}; they are no longer in the reader.
 */
public class IncompleteReadException extends EOFException {
  private static final long serialVersionUID = 1L;

  /** The bytes read before the end. */
  private final byte[] partial;

  /** The bytes expected, or -1. */
  private final int expected;

  /**
   * Creates an exception for {@code partial} bytes read of {@code expected} ({@code -1} when no
   * count was expected, as in {@code readUntil}).
   *
   * @param partial the bytes read before the end
   * @param expected the number of bytes expected, or -1
   */
  public IncompleteReadException(byte[] partial, int expected) {
    super(
        partial.length
            + " bytes read on a total of "
            + (expected < 0 ? "undefined" : String.valueOf(expected))
            + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /**
   * The bytes read before the end of the stream (a copy).
   *
   * @return the bytes
   */
  public byte[] partial() {
    return partial.clone();
  }

  /**
   * The number of bytes expected, or -1 when the read waited for a separator.
   *
   * @return the count, or -1
   */
  public int expected() {
    return expected;
  }
}
