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

  private final byte[] partial;
  private final int expected;

  /**
   * Creates an exception for {@code partial} bytes read of {@code expected} ({@code -1} when no
   * count was expected, as in {@code readUntil}).
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

  /** The bytes read before the end of the stream (a copy). */
  public byte[] partial() {
    return partial.clone();
  }

  /** The number of bytes expected, or -1 when the read waited for a separator. */
  public int expected() {
    return expected;
  }
}
