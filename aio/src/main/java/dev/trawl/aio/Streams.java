package dev.trawl.aio;

import java.util.Objects;

/**
 * The {@code (reader, writer)} pair of a connection, as returned by asyncio's {@code
 * open_connection}. Closing it closes the writer, which closes the connection.
 *
 * <pre>{@code
 * try (Streams conn = Aio.openConnection("127.0.0.1", 8888)) {
 *   conn.writer().write("hello\n".getBytes(UTF_8));
 *   conn.writer().drain();
 *   String reply = conn.reader().readLine();
 * }
 * }</pre>
 *
 * @param reader what the peer sends
 * @param writer what is sent to the peer
 */
public record Streams(StreamReader reader, StreamWriter writer) implements AutoCloseable {
  /** Rejects nulls. */
  public Streams {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
  }

  /**
   * Closes the writer (and so the connection) without waiting; see {@link StreamWriter#close()}.
   */
  @Override
  public void close() {
    writer.close();
  }
}
