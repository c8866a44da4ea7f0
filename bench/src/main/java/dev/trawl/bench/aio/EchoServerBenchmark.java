package dev.trawl.bench.aio;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Server;
import dev.trawl.aio.StreamReader;
import dev.trawl.aio.StreamWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Requests per second of a line echo server: aio streams ({@code Aio.startServer}, {@code
 * readLine}, {@code write}, {@code drain}) against a plain server with one virtual thread per
 * connection and blocking socket streams. Every JMH thread is one client on its own connection
 * doing a request/response round trip per operation, with the same plain-socket client code for
 * both servers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class EchoServerBenchmark {
  private static final byte[] REQUEST = "GET /echo please\n".getBytes(UTF_8);

  @Param({"aio", "plain"})
  public String server;

  private EventLoop loop;
  private Server aioServer;
  private ServerSocket plainServer;
  private int port;

  @Setup
  public void start() throws IOException {
    if (server.equals("aio")) {
      loop = EventLoop.newEventLoop();
      aioServer =
          loop.runUntilComplete(
              () -> Aio.startServer(EchoServerBenchmark::aioEcho, "127.0.0.1", 0));
      port = aioServer.sockets().get(0).getPort();
    } else {
      plainServer = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
      port = plainServer.getLocalPort();
      Thread.ofVirtual().start(this::plainAcceptLoop);
    }
  }

  @TearDown
  public void stop() throws IOException {
    if (loop != null) {
      aioServer.close();
      loop.close();
    } else {
      plainServer.close();
    }
  }

  static void aioEcho(StreamReader reader, StreamWriter writer) throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      writer.write((line + "\n").getBytes(UTF_8));
      writer.drain();
    }
  }

  private void plainAcceptLoop() {
    while (true) {
      Socket s;
      try {
        s = plainServer.accept();
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().start(() -> plainEcho(s));
    }
  }

  private static void plainEcho(Socket s) {
    try (s;
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8))) {
      OutputStream out = s.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        out.write((line + "\n").getBytes(UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** One client connection per JMH thread. */
  @State(Scope.Thread)
  public static class Client {
    Socket socket;
    OutputStream out;
    BufferedReader in;

    @Setup(Level.Trial)
    public void connect(EchoServerBenchmark bench) throws IOException {
      socket = new Socket("127.0.0.1", bench.port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      socket.close();
    }
  }

  @Benchmark
  public String roundTrip(Client c) throws IOException {
    c.out.write(REQUEST);
    c.out.flush();
    return c.in.readLine();
  }
}
