package dev.trawl.aio;

/**
 * Serves one connection of a {@link Server}; asyncio's {@code client_connected_cb}. Each call runs
 * as a task of the server's loop. When it returns or throws, the connection is closed (asyncio
 * leaves a returned connection open until the writer is garbage collected); an exception other than
 * a cancellation goes to the loop's exception handler.
 */
@FunctionalInterface
public interface ClientHandler {
  /**
   * Talks to one client.
   *
   * @param reader what the client sends
   * @param writer what is sent to the client
   * @throws Exception anything; reported to the loop's exception handler
   */
  void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
