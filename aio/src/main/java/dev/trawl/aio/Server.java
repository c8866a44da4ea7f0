package dev.trawl.aio;

import dev.trawl.aio.internal.Interrupts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening TCP socket whose connections are served by a {@link ClientHandler}; asyncio's {@code
 * Server}, returned by {@link Aio#startServer}. It accepts connections from the moment it is
 * started (asyncio's {@code start_serving=True}); each connection's handler runs as a task of the
 * loop that started the server.
 *
 * <pre>{@code
 * Aio.run(() -> {
 *   Server server = Aio.startServer((reader, writer) -> {
 *     String line;
 *     while ((line = reader.readLine()) != null) {
 *       writer.write((line + "\n").getBytes(UTF_8));
 *       writer.drain();
 *     }
 *   }, "127.0.0.1", 8888);
 *   server.serveForever();
 *   return null;
 * });
 * }</pre>
 *
 * <p><b>States.</b> {@code SERVING -> CLOSED}. {@link #close()} stops listening; connections
 * already accepted go on and their handlers are not cancelled, as in asyncio. {@link
 * #closeClients()} closes them too. {@link #waitClosed()} waits until the server is closed and
 * every connection has ended (Python 3.12.1's rule). Closing the loop closes the server and, as it
 * cancels every task, the handlers.
 *
 * <p>Thread safe.
 */
public final class Server implements AutoCloseable {
  private final EventLoop loop;
  private final ClientHandler handler;
  private final ServerSocket socket;
  private final List<InetSocketAddress> sockets;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final Map<Socket, Connection> clients = new LinkedHashMap<>();
  private boolean closed;
  private volatile Thread acceptor;

  private record Connection(Socket socket, StreamWriter writer, Task<Void> task) {}

  private Server(EventLoop loop, ClientHandler handler, ServerSocket socket) {
    this.loop = loop;
    this.handler = handler;
    this.socket = socket;
    this.sockets = List.of(new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort()));
  }

  static Server start(EventLoop loop, ClientHandler handler, String host, int port, int backlog)
      throws IOException {
    ServerSocket ss = new ServerSocket();
    try {
      ss.setReuseAddress(true);
      InetSocketAddress at =
          host == null || host.isEmpty()
              ? new InetSocketAddress(port)
              : new InetSocketAddress(host, port);
      if (at.isUnresolved()) {
        throw new java.net.UnknownHostException("cannot resolve host: " + host);
      }
      ss.bind(at, backlog);
    } catch (IOException | RuntimeException e) {
      ss.close();
      throw e;
    }
    Server server = new Server(loop, handler, ss);
    if (!loop.register(server)) {
      ss.close();
      throw new IllegalStateException("event loop is closed");
    }
    server.acceptor =
        Thread.ofVirtual().name("aio-server " + server.sockets.get(0)).start(server::acceptLoop);
    return server;
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!isServing()) {
          return;
        }
        loop.callExceptionHandler(
            new EventLoop.ExceptionContext("accept failed on " + this, e, null, null));
        continue;
      }
      try {
        serve(s);
      } catch (IOException | RuntimeException e) {
        closeQuietly(s);
        if (!isServing()) {
          return;
        }
        loop.callExceptionHandler(
            new EventLoop.ExceptionContext("cannot serve " + s + " on " + this, e, null, null));
      }
    }
  }

  private void serve(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    String name = String.valueOf(s.getRemoteSocketAddress());
    Transport transport = Transport.of(s);
    StreamReader reader = new StreamReader(StreamReader.DEFAULT_LIMIT, name);
    StreamWriter writer = new StreamWriter(transport, name);
    lock.lock();
    try {
      Task<Void> task =
          loop.createTask(
              "client " + name,
              () -> {
                try {
                  handler.handle(reader, writer);
                } finally {
                  writer.close();
                }
                return null;
              });
      clients.put(s, new Connection(s, writer, task));
      task.whenDone(f -> finished(s, f));
    } finally {
      lock.unlock();
    }
    Transport.pump(s.getInputStream(), reader, transport, "aio-reader " + name);
  }

  private void finished(Socket s, Future<Void> task) {
    Throwable error = task.failure();
    if (error != null && !Interrupts.isCancellation(error)) {
      loop.callExceptionHandler(
          new EventLoop.ExceptionContext(
              "Unhandled exception in client handler " + task, error, null, task));
    }
    Connection c;
    lock.lock();
    try {
      c = clients.remove(s);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (c != null) {
      c.writer().close(); // after a cancellation the body's finally may not have run yet
    }
  }

  /**
   * The addresses the server listens on (one), with the port chosen when 0 was asked.
   *
   * @return the bound addresses
   */
  public List<InetSocketAddress> sockets() {
    return sockets;
  }

  /**
   * True until {@link #close()}; asyncio's {@code is_serving()}.
   *
   * @return whether the server still accepts connections
   */
  public boolean isServing() {
    lock.lock();
    try {
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the server is closed; asyncio's {@code serve_forever()}. If the calling task is
   * cancelled, closes the server and throws {@link CancelledException} at once; unlike asyncio it
   * does not wait for the connections (their handlers are tasks of the same loop, cancelled only
   * when the loop closes, so waiting could last forever).
   */
  public void serveForever() {
    boolean cancelled = false;
    lock.lock();
    try {
      while (!closed) {
        changed.await();
      }
    } catch (InterruptedException e) {
      cancelled = true;
    } finally {
      lock.unlock();
    }
    if (cancelled) {
      close();
      throw Aio.cancelledHere();
    }
  }

  /** Stops listening; connections already accepted go on. Idempotent; asyncio's {@code close()}. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closeQuietly(socket);
    // A blocked accept() delays the real close of the socket until it returns; new connections
    // must be refused once close() has returned.
    Thread t = acceptor;
    boolean interrupted = false;
    while (t != null && t != Thread.currentThread()) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    loop.unregister(this);
  }

  /**
   * Closes every accepted connection and cancels its handler; asyncio's {@code close_clients()}
   * (Python 3.13). A handler blocked in a read gets {@link CancelledException}.
   */
  public void closeClients() {
    List<Connection> all;
    lock.lock();
    try {
      all = new ArrayList<>(clients.values());
    } finally {
      lock.unlock();
    }
    for (Connection c : all) {
      c.task().cancel();
      c.writer().abort();
    }
  }

  /**
   * Waits until the server is closed and every connection's handler has finished; asyncio's {@code
   * wait_closed()}.
   *
   * @throws CancelledException if the calling task is cancelled while waiting
   */
  public void waitClosed() {
    lock.lock();
    try {
      while (!closed || !clients.isEmpty()) {
        changed.await();
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing: nothing left to report
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "<Server sockets="
          + sockets
          + (closed ? " closed" : " serving")
          + " clients="
          + clients.size()
          + ">";
    } finally {
      lock.unlock();
    }
  }
}
