package dev.trawl.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.trawl.aio.Aio;
import dev.trawl.aio.Server;
import dev.trawl.aio.StreamReader;
import dev.trawl.aio.StreamWriter;
import dev.trawl.aio.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The echo server and client of Python's asyncio streams documentation, on aio streams: the server
 * sends every line back; the client sends a few lines from tasks of its own, reads the echoes and
 * closes.
 */
public final class EchoServer {
  private EchoServer() {}

  /** {@code async def handle_echo(reader, writer)}: echoes lines until the client closes. */
  static void handleEcho(StreamReader reader, StreamWriter writer) throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      writer.write((line + "\n").getBytes(UTF_8));
      writer.drain();
    }
    writer.close();
    writer.waitClosed();
  }

  /** {@code async def tcp_echo_client(message)}: sends one line, returns the echo. */
  static String echoClient(int port, String message, PrintStream out) throws IOException {
    Streams conn = Aio.openConnection("127.0.0.1", port);
    out.println("Send: " + message);
    conn.writer().write((message + "\n").getBytes(UTF_8));
    conn.writer().drain();
    String reply = conn.reader().readLine();
    out.println("Received: " + reply);
    conn.writer().close();
    conn.writer().waitClosed();
    return reply;
  }

  /** Starts the server on a free port, runs {@code clients} clients at once, returns the echoes. */
  public static List<String> demo(int clients, PrintStream out) {
    return Aio.run(
        () -> {
          Server server = Aio.startServer(EchoServer::handleEcho, "127.0.0.1", 0);
          int port = server.sockets().get(0).getPort();
          out.println("Serving on " + server.sockets());
          List<dev.trawl.aio.Task<String>> tasks = new ArrayList<>();
          for (int i = 0; i < clients; i++) {
            String message = "Hello World " + i;
            tasks.add(Aio.createTask(() -> echoClient(port, message, out)));
          }
          List<String> replies = Aio.gather(tasks);
          server.close();
          server.waitClosed();
          return replies;
        });
  }

  /** Runs the server and 3 clients. */
  public static void main(String[] args) {
    demo(3, System.out);
  }
}
