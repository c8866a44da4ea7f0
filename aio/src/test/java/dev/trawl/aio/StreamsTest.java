package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** StreamReader and StreamWriter over loopback, against a plain socket peer the test scripts. */
class StreamsTest {
  private final EventLoop loop = EventLoop.newEventLoop();
  private final ServerSocket listener;
  private final BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(4);

  StreamsTest() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (true) {
                  accepted.add(listener.accept());
                }
              } catch (IOException e) {
                // closed by the test
              }
            });
  }

  @AfterEach
  void close() throws IOException {
    loop.close();
    listener.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  /** Connects with aio and returns the client streams; {@link #peer()} is the other end. */
  private Streams connect() throws IOException {
    return Aio.openConnection("127.0.0.1", listener.getLocalPort());
  }

  private Socket peer() throws InterruptedException {
    Socket s = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("accepted connection").isNotNull();
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(UTF_8));
    out.flush();
  }

  @Test
  void readReturnsWhatHasArrivedUpToN() throws Exception {
    Streams c = connect();
    Socket p = peer();
    send(p, "hello");
    assertThat(new String(c.reader().read(100), UTF_8)).isEqualTo("hello");
    send(p, "abcdef");
    byte[] first = c.reader().readExactly(2);
    assertThat(new String(first, UTF_8)).isEqualTo("ab");
    assertThat(new String(c.reader().read(3), UTF_8)).isEqualTo("cde");
    assertThat(new String(c.reader().read(3), UTF_8)).isEqualTo("f");
    assertThat(c.reader().read(0)).isEmpty();
    p.close();
    assertThat(c.reader().read(10)).isEmpty();
    assertThat(c.reader().atEof()).isTrue();
  }

  @Test
  void readMinusOneReadsToTheEnd() throws Exception {
    Streams c = connect();
    Socket p = peer();
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try (p) {
                p.getOutputStream().write(big);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(c.reader().read(-1)).isEqualTo(big);
  }

  @Test
  void readExactlyAtEndOfStreamCarriesThePartialBytes() throws Exception {
    Streams c = connect();
    Socket p = peer();
    send(p, "abc");
    p.shutdownOutput();
    assertThatThrownBy(() -> c.reader().readExactly(5))
        .isInstanceOfSatisfying(
            IncompleteReadException.class,
            e -> {
              assertThat(new String(e.partial(), UTF_8)).isEqualTo("abc");
              assertThat(e.expected()).isEqualTo(5);
            })
        .hasMessage("3 bytes read on a total of 5 expected bytes");
    assertThat(c.reader().atEof()).isTrue();
  }

  @Test
  void readUntilKeepsTheSeparatorAndReadLineDropsTheTerminator() throws Exception {
    Streams c = connect();
    Socket p = peer();
    send(p, "a;b;;one\r\ntwo\nlast");
    assertThat(new String(c.reader().readUntil(";".getBytes(UTF_8)), UTF_8)).isEqualTo("a;");
    assertThat(new String(c.reader().readUntil(";;".getBytes(UTF_8)), UTF_8)).isEqualTo("b;;");
    assertThat(c.reader().readLine()).isEqualTo("one");
    assertThat(c.reader().readLine()).isEqualTo("two");
    p.shutdownOutput();
    assertThat(c.reader().readLine()).isEqualTo("last");
    assertThat(c.reader().readLine()).isNull();
    assertThat(c.reader().atEof()).isTrue();
  }

  @Test
  void readLineDecodesUtf8AcrossChunks() throws Exception {
    Streams c = connect();
    Socket p = peer();
    byte[] line = "grüße, 世界\n".getBytes(UTF_8);
    p.getOutputStream().write(line, 0, 3); // splits the ü
    p.getOutputStream().flush();
    Task<String> reading = loop.createTask(() -> c.reader().readLine());
    TaskTest.awaitState(reading, Task.State.RUNNING);
    p.getOutputStream().write(line, 3, line.length - 3);
    assertThat(reading.await()).isEqualTo("grüße, 世界");
  }

  @Test
  void readUntilPastTheLimitThrowsAndLeavesTheData() throws Exception {
    Streams c = connect();
    Socket p = peer();
    int limit = c.reader().limit();
    byte[] noSeparator = new byte[limit + 10];
    java.util.Arrays.fill(noSeparator, (byte) 'x');
    p.getOutputStream().write(noSeparator);
    assertThatThrownBy(() -> c.reader().readUntil("\n".getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            LimitOverrunException.class, e -> assertThat(e.consumed()).isGreaterThan(limit));
    assertThat(c.reader().readExactly(limit + 10)).isEqualTo(noSeparator);
  }

  @Test
  void aLineLongerThanTheLimitIsDroppedAndTheNextOneRead() throws Exception {
    Streams c = connect();
    Socket p = peer();
    String longLine = "y".repeat(c.reader().limit() + 5);
    send(p, longLine + "\nshort\n");
    assertThatThrownBy(() -> c.reader().readLine()).isInstanceOf(LimitOverrunException.class);
    assertThat(c.reader().readLine()).isEqualTo("short");
  }

  @Test
  void cancellingABlockedReadRaisesCancelledAndClosesNothing() throws Exception {
    Streams c = connect();
    Socket p = peer();
    CountDownLatch reading = new CountDownLatch(1);
    Task<String> reader =
        loop.createTask(
            () -> {
              reading.countDown();
              return c.reader().readLine();
            });
    await(reading);
    TaskTest.awaitCondition(() -> reader.state() == Task.State.RUNNING);
    reader.cancel();
    assertThatThrownBy(reader::await).isInstanceOf(CancelledException.class);
    assertThat(reader.cancelled()).isTrue();
    send(p, "still open\n");
    assertThat(c.reader().readLine()).isEqualTo("still open");
    c.writer().write("both ways\n".getBytes(UTF_8));
    c.writer().drain();
    byte[] got = p.getInputStream().readNBytes(10);
    assertThat(new String(got, UTF_8)).isEqualTo("both ways\n");
  }

  @Test
  void twoTasksCannotWaitOnOneReader() throws Exception {
    Streams c = connect();
    peer();
    Task<String> first = loop.createTask(() -> c.reader().readLine());
    TaskTest.awaitCondition(() -> c.reader().toString().contains("waiting"));
    Task<String> second = loop.createTask(() -> c.reader().readLine());
    second.awaitQuietly();
    assertThat(second.exception())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another task is already waiting");
    first.cancel();
    assertThatThrownBy(first::await).isInstanceOf(CancelledException.class);
  }

  @Test
  void writerSendsInOrderAndCloseEndsTheConnection() throws Exception {
    Streams c = connect();
    Socket p = peer();
    StreamWriter w = c.writer();
    w.write("one ".getBytes(UTF_8));
    w.write("two ".getBytes(UTF_8));
    w.write("xthreex".getBytes(UTF_8), 1, 5);
    w.drain();
    assertThat(w.isClosing()).isFalse();
    w.close();
    assertThat(w.isClosing()).isTrue();
    w.waitClosed();
    assertThat(new String(p.getInputStream().readAllBytes(), UTF_8)).isEqualTo("one two three");
    assertThatThrownBy(() -> w.write(new byte[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("write after close");
    assertThat(c.reader().read(1)).isEmpty(); // our own close ends our reading too
  }

  @Test
  void writeEofHalfClosesAndTheReplyStillArrives() throws Exception {
    Streams c = connect();
    Socket p = peer();
    c.writer().write("question".getBytes(UTF_8));
    c.writer().writeEof();
    assertThat(new String(p.getInputStream().readAllBytes(), UTF_8)).isEqualTo("question");
    send(p, "answer\n");
    assertThat(c.reader().readLine()).isEqualTo("answer");
  }

  @Test
  void drainWaitsWhileTheBufferIsOverTheHighWaterMark() throws Exception {
    Streams c = connect();
    Socket p = peer();
    byte[] chunk = new byte[1 << 20];
    Task<Object> writer =
        loop.createTask(
            () -> {
              for (int i = 0; i < 16; i++) {
                c.writer().write(chunk);
                c.writer().drain();
              }
              return null;
            });
    // nobody reads: 16 MiB cannot fit in the socket buffers, so the writer must be held up
    TaskTest.awaitCondition(() -> c.writer().toString().contains("queued="));
    assertThat(writer.done()).isFalse();
    InputStream in = p.getInputStream();
    long total = 0;
    while (total < 16L << 20) {
      long n = in.skip(1 << 20);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    writer.await();
    assertThat(total).isEqualTo(16L << 20);
  }

  @Test
  void aResetConnectionFailsTheNextRead() throws Exception {
    Streams c = connect();
    Socket p = peer();
    p.setSoLinger(true, 0);
    p.close(); // RST
    assertThatThrownBy(
            () -> {
              while (true) {
                c.reader().read(10); // end of stream or the reset, then the reset again
                if (c.reader().atEof()) {
                  c.writer().write(new byte[100]);
                  c.writer().drain();
                }
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void connectingToAClosedPortFails() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> Aio.openConnection("127.0.0.1", port))
        .isInstanceOf(java.net.ConnectException.class);
    assertThatThrownBy(() -> Aio.openConnection("127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range: 70000");
  }

  @Test
  void streamsCloseClosesTheWriter() throws Exception {
    Socket p;
    try (Streams c = connect()) {
      p = peer();
      c.writer().write("bye".getBytes(UTF_8));
    }
    assertThat(new String(p.getInputStream().readAllBytes(), UTF_8)).isEqualTo("bye");
  }
}
