package dev.trawl.aio;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Writes bytes to a connection or a pipe; asyncio's {@code StreamWriter}. Obtained from {@link
 * Aio#openConnection}, a {@link ClientHandler} or a {@link Subprocess}.
 *
 * <pre>{@code
 * writer.write(data);
 * writer.drain();          // waits while too much is still unsent
 * writer.close();
 * writer.waitClosed();
 * }</pre>
 *
 * <p>As in asyncio, {@link #write} never blocks: it queues the bytes and a virtual thread of the
 * writer sends them in order. {@link #drain()} is the flow control: it returns at once while at
 * most 64 KiB are queued, otherwise waits until at most 16 KiB are (asyncio's default high and low
 * water marks), and throws the error that stopped sending, if any. Write, then drain, in a loop.
 *
 * <p><b>States.</b> {@code OPEN -> CLOSING -> CLOSED}. {@link #close()} sends what is queued, then
 * closes the connection (the reader of the same connection then sees the end of the stream);
 * writing afterwards throws {@link IllegalStateException}. Cancelling a task blocked in {@link
 * #drain()} or {@link #waitClosed()} closes nothing.
 *
 * <p>Thread safe: writes from several tasks are sent whole, in the order the calls happened.
 */
public final class StreamWriter {
  static final int HIGH_WATER = 64 * 1024;
  static final int LOW_WATER = 16 * 1024;

  private enum State {
    OPEN,
    CLOSING,
    CLOSED
  }

  private final Transport transport;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queued;
  private State state = State.OPEN;
  private boolean eofRequested;
  private boolean eofWritten;
  private boolean sending;
  private IOException error;

  StreamWriter(Transport transport, String name) {
    this.transport = transport;
    this.name = name;
  }

  /**
   * Queues {@code data} (copied) for sending and returns at once; asyncio's {@code write}. After
   * the connection failed, data is dropped and {@link #drain()} reports the failure, as in asyncio.
   *
   * @param data the bytes
   * @throws IllegalStateException if the writer is closing or {@link #writeEof()} was called
   */
  public void write(byte[] data) {
    Objects.requireNonNull(data, "data");
    write(data, 0, data.length);
  }

  /**
   * As {@link #write(byte[])} for {@code len} bytes of {@code data} from {@code off}.
   *
   * @param data the array
   * @param off where the bytes start
   * @param len how many bytes
   */
  public void write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
    request(
        () -> {
          if (state != State.OPEN) {
            throw new IllegalStateException("write after close: " + this);
          }
          if (eofRequested) {
            throw new IllegalStateException("write after writeEof: " + this);
          }
          if (error != null || len == 0) {
            return false;
          }
          queue.addLast(copy);
          queued += len;
          return true;
        });
  }

  /**
   * Waits until it is fine to write more; asyncio's {@code drain()}. Returns at once while at most
   * 64 KiB are queued, otherwise waits until at most 16 KiB are.
   *
   * @throws IOException the error that stopped sending (a reset connection, a closed pipe)
   * @throws CancelledException if the calling task is cancelled while waiting; nothing is closed
   */
  public void drain() throws IOException {
    lock.lock();
    try {
      if (queued > HIGH_WATER) {
        while (queued > LOW_WATER && error == null && state != State.CLOSED) {
          changed.await();
        }
      }
      if (error != null) {
        throw error;
      }
      if (state == State.CLOSED && queued > 0) {
        throw new IOException("connection lost: " + this);
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the sending side after the queued bytes are sent, leaving reading open; asyncio's {@code
   * write_eof()}. For a socket the peer reads end of stream; for a subprocess's stdin the pipe is
   * closed.
   */
  public void writeEof() {
    request(
        () -> {
          if (state != State.OPEN || eofRequested) {
            return false;
          }
          eofRequested = true;
          return true;
        });
  }

  /**
   * Starts closing: the queued bytes are sent, then the connection (or pipe) is closed; asyncio's
   * {@code close()}. Returns at once; {@link #waitClosed()} waits. Idempotent.
   */
  public void close() {
    request(
        () -> {
          if (state != State.OPEN) {
            return false;
          }
          state = State.CLOSING;
          return true;
        });
  }

  /**
   * Runs {@code change} under the lock; when it returns true, makes sure the sender thread runs to
   * act on it.
   */
  private void request(BooleanSupplier change) {
    boolean start;
    lock.lock();
    try {
      if (!change.getAsBoolean()) {
        return;
      }
      start = !sending;
      sending = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (start) {
      startSender();
    }
  }

  /**
   * Waits until {@link #close()} has finished; asyncio's {@code wait_closed()}. Returns at once if
   * the writer is closed. Does not close the writer by itself.
   *
   * @throws CancelledException if the calling task is cancelled while waiting; the closing goes on
   */
  public void waitClosed() {
    lock.lock();
    try {
      while (state != State.CLOSED) {
        changed.await();
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      lock.unlock();
    }
  }

  /**
   * True once {@link #close()} was called; asyncio's {@code is_closing()}.
   *
   * @return whether the writer is closing or closed
   */
  public boolean isClosing() {
    lock.lock();
    try {
      return state != State.OPEN;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The peer's address for a socket (asyncio's {@code get_extra_info('peername')}), or null.
   *
   * @return the address, or null
   */
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  /** Closes the transport at once, dropping what is queued (a server's {@code closeClients}). */
  void abort() {
    request(
        () -> {
          queue.clear();
          queued = 0;
          if (state == State.OPEN) {
            state = State.CLOSING;
          }
          return state == State.CLOSING; // the sender closes the transport and marks it closed
        });
    try {
      transport.close();
    } catch (IOException e) {
      // an aborted connection: nobody to tell
    }
  }

  private void startSender() {
    Thread.ofVirtual().name("aio-writer " + name).start(this::send);
  }

  /** The sender thread: sends queued bytes, then eof or close, and exits when idle. */
  private void send() {
    OutputStream out = null;
    while (true) {
      byte[] chunk = null;
      boolean doEof = false;
      boolean doClose = false;
      lock.lock();
      try {
        if (!queue.isEmpty() && error == null) {
          chunk = gatherLocked();
        } else if (eofRequested && !eofWritten && error == null) {
          doEof = true;
          eofWritten = true;
        } else if (state == State.CLOSING) {
          doClose = true;
        } else {
          sending = false;
          return;
        }
      } finally {
        lock.unlock();
      }
      try {
        if (chunk != null) {
          if (out == null) {
            out = transport.output();
          }
          out.write(chunk);
          out.flush();
          sent(chunk.length);
        } else if (doEof) {
          transport.writeEof();
        } else if (doClose) {
          closeTransport();
          return;
        }
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  private byte[] gatherLocked() {
    byte[] first = queue.pollFirst();
    if (queue.isEmpty() || first.length >= LOW_WATER) {
      return first;
    }
    int total = first.length;
    for (byte[] b : queue) {
      if (total + b.length > HIGH_WATER) {
        break;
      }
      total += b.length;
    }
    byte[] joined = java.util.Arrays.copyOf(first, total);
    int at = first.length;
    while (at < total) {
      byte[] b = queue.pollFirst();
      System.arraycopy(b, 0, joined, at, b.length);
      at += b.length;
    }
    return joined;
  }

  private void sent(int n) {
    lock.lock();
    try {
      queued -= n;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void failed(IOException e) {
    lock.lock();
    try {
      if (error == null) {
        error = e;
      }
      queue.clear();
      queued = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeTransport() {
    try {
      transport.close();
    } catch (IOException e) {
      failed(e);
    }
    lock.lock();
    try {
      state = State.CLOSED;
      sending = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "<StreamWriter "
          + name
          + " "
          + state.name().toLowerCase(java.util.Locale.ROOT)
          + (queued > 0 ? " queued=" + queued : "")
          + (error != null ? " exception=" + error : "")
          + ">";
    } finally {
      lock.unlock();
    }
  }
}
