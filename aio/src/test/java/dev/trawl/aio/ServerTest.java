package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** Echoes lines until the client closes. */
  static void echo(StreamReader reader, StreamWriter writer) throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      writer.write((line + "\n").getBytes(UTF_8));
      writer.drain();
    }
  }

  private Server start(ClientHandler handler) {
    return loop.runUntilComplete(() -> Aio.startServer(handler, "127.0.0.1", 0));
  }

  private void waitClosed(Server server) {
    loop.runUntilComplete(
        () -> {
          server.waitClosed();
          return null;
        });
  }

  private Task<Object> serving(Server server) {
    Task<Object> task =
        loop.createTask(
            () -> {
              server.serveForever();
              return null;
            });
    TaskTest.awaitState(task, Task.State.RUNNING);
    return task;
  }

  private static int port(Server server) {
    return server.sockets().get(0).getPort();
  }

  @Test
  void portZeroPicksAFreePortAndTheServerEchoes() throws Exception {
    Server server = start(ServerTest::echo);
    InetSocketAddress at = server.sockets().get(0);
    assertThat(at.getPort()).isPositive();
    assertThat(at.getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.isServing()).isTrue();
    Streams c = Aio.openConnection("127.0.0.1", at.getPort());
    c.writer().write("ping\n".getBytes(UTF_8));
    assertThat(c.reader().readLine()).isEqualTo("ping");
    c.writer().close();
    assertThat(server.toString()).contains("serving");
  }

  @Test
  void aThousandConcurrentClientsAreAllServed() throws Exception {
    Server server =
        loop.runUntilComplete(() -> Aio.startServer(ServerTest::echo, "127.0.0.1", 0, 1024));
    int clients = 1_000;
    CountDownLatch allConnected = new CountDownLatch(clients);
    List<String> replies =
        loop.runUntilComplete(
            () -> {
              List<Task<String>> tasks = new ArrayList<>();
              for (int i = 0; i < clients; i++) {
                int id = i;
                tasks.add(
                    Aio.createTask(
                        () -> {
                          Streams c = Aio.openConnection("127.0.0.1", port(server));
                          allConnected.countDown();
                          allConnected.await(); // all 1,000 are open at the same time
                          c.writer().write(("client " + id + "\n").getBytes(UTF_8));
                          String reply = c.reader().readLine();
                          c.writer().close();
                          c.writer().waitClosed();
                          return reply;
                        }));
              }
              return Aio.gather(tasks);
            });
    assertThat(replies).hasSize(clients);
    for (int i = 0; i < clients; i++) {
      assertThat(replies.get(i)).isEqualTo("client " + i);
    }
    server.close();
    waitClosed(server);
  }

  @Test
  void closeStopsAcceptingButLetsConnectionsGoOn() throws Exception {
    CountDownLatch handling = new CountDownLatch(1);
    Server server =
        start(
            (r, w) -> {
              handling.countDown();
              echo(r, w);
            });
    Streams c = Aio.openConnection("127.0.0.1", port(server));
    await(handling);
    server.close();
    assertThat(server.isServing()).isFalse();
    assertThatThrownBy(() -> Aio.openConnection("127.0.0.1", port(server)))
        .isInstanceOf(ConnectException.class);
    c.writer().write("after close\n".getBytes(UTF_8));
    assertThat(c.reader().readLine()).isEqualTo("after close");
    Task<Object> waiting =
        loop.createTask(
            () -> {
              server.waitClosed();
              return null;
            });
    TaskTest.awaitState(waiting, Task.State.RUNNING);
    assertThat(waiting.done()).isFalse(); // a connection is still being served
    c.writer().close();
    waiting.await();
  }

  @Test
  void closeClientsCancelsTheHandlers() throws Exception {
    CountDownLatch handling = new CountDownLatch(2);
    List<Throwable> endings = new CopyOnWriteArrayList<>();
    Server server =
        start(
            (r, w) -> {
              handling.countDown();
              try {
                r.readLine();
              } catch (Throwable t) {
                endings.add(t);
                throw t;
              }
            });
    Streams a = Aio.openConnection("127.0.0.1", port(server));
    Streams b = Aio.openConnection("127.0.0.1", port(server));
    await(handling);
    server.close();
    server.closeClients();
    waitClosed(server);
    assertThat(endings).hasSize(2).allMatch(t -> t instanceof CancelledException);
    assertThat(a.reader().read(10)).isEmpty();
    assertThat(b.reader().read(10)).isEmpty();
  }

  @Test
  void aFailingHandlerIsReportedAndItsConnectionClosed() throws Exception {
    List<EventLoop.ExceptionContext> reported = new CopyOnWriteArrayList<>();
    CountDownLatch reportedOnce = new CountDownLatch(1);
    loop.setExceptionHandler(
        (l, ctx) -> {
          reported.add(ctx);
          reportedOnce.countDown();
        });
    Server server =
        start(
            (r, w) -> {
              w.write("partial".getBytes(UTF_8));
              throw new IllegalStateException("handler bug");
            });
    Streams c = Aio.openConnection("127.0.0.1", port(server));
    assertThat(new String(c.reader().read(-1), UTF_8)).isEqualTo("partial");
    await(reportedOnce);
    assertThat(reported.get(0).exception()).hasMessage("handler bug");
    assertThat(reported.get(0).message()).startsWith("Unhandled exception in client handler");
  }

  @Test
  void serveForeverReturnsWhenClosedAndCancellingItClosesTheServer() throws Exception {
    Server server = start(ServerTest::echo);
    Task<Object> serving = serving(server);
    serving.cancel();
    assertThatThrownBy(serving::await).isInstanceOf(CancelledException.class);
    assertThat(server.isServing()).isFalse();

    Server other = start(ServerTest::echo);
    Task<Object> serving2 = serving(other);
    other.close();
    serving2.await();
  }

  @Test
  void closingTheLoopClosesItsServersAndCancelsHandlers() throws Exception {
    AtomicInteger cancelled = new AtomicInteger();
    CountDownLatch handling = new CountDownLatch(1);
    Server server =
        start(
            (r, w) -> {
              handling.countDown();
              try {
                r.readLine();
              } catch (CancelledException e) {
                cancelled.incrementAndGet();
                throw e;
              }
            });
    Aio.openConnection("127.0.0.1", port(server));
    await(handling);
    loop.close();
    assertThat(server.isServing()).isFalse();
    assertThat(cancelled).hasValue(1);
  }

  @Test
  void startServerNeedsALoopAndAFreeAddress() throws Exception {
    assertThatThrownBy(() -> Aio.startServer(ServerTest::echo, "127.0.0.1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
    Server server = start(ServerTest::echo);
    assertThatThrownBy(
            () ->
                loop.runUntilComplete(
                    () -> Aio.startServer(ServerTest::echo, "127.0.0.1", port(server))))
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(java.net.BindException.class);
    try (Socket plain = new Socket("127.0.0.1", port(server))) {
      plain.getOutputStream().write("raw\n".getBytes(UTF_8));
      assertThat(new String(plain.getInputStream().readNBytes(4), UTF_8)).isEqualTo("raw\n");
    }
  }
}
