package dev.trawl.aio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads bytes that a connection or a pipe delivers; asyncio's {@code StreamReader}. Obtained from
 * {@link Aio#openConnection}, a {@link ClientHandler} or a {@link Subprocess}.
 *
 * <pre>{@code
 * String line;
 * while ((line = reader.readLine()) != null) {
 *   handle(line);
 * }
 * }</pre>
 *
 * <p>A virtual thread of its own reads the underlying stream into this reader's buffer, as
 * asyncio's transport feeds its protocol. It pauses while more than twice the limit is buffered and
 * nobody waits for data (asyncio's flow control). The limit (64 KiB by default, asyncio's {@code
 * _DEFAULT_LIMIT}) bounds how far {@link #readUntil} and {@link #readLine} look for a separator.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits for data gets {@link CancelledException}
 * and nothing is lost or closed: the bytes that arrive stay buffered for the next read. (A plain
 * socket read on a virtual thread would close the socket when interrupted.)
 *
 * <p><b>Errors.</b> When the underlying stream fails (a connection reset), the next read throws
 * that {@link IOException}, as asyncio raises the exception set on the reader.
 *
 * <p>Thread safe, but as in asyncio only one task may wait for data at a time; a second one gets
 * {@link IllegalStateException}.
 */
public final class StreamReader {
  /** The default limit: 64 KiB. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NEWLINE = {'\n'};

  private final int limit;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock: buffered bytes are buf[start, end).
  private byte[] buf = EMPTY;
  private int start;
  private int end;
  private boolean eof;
  private IOException error;
  private Thread waiter;
  private boolean unbounded;

  StreamReader(int limit, String name) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit <= 0: " + limit);
    }
    this.limit = limit;
    this.name = name;
  }

  /**
   * The limit for {@link #readUntil} and {@link #readLine}, in bytes.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  // ---- the feeding side ----

  void feed(byte[] chunk, int n) {
    lock.lock();
    try {
      if (end + n > buf.length) {
        int size = end - start;
        byte[] target =
            size + n <= buf.length / 2 ? buf : new byte[Math.max(size + n, 2 * buf.length)];
        System.arraycopy(buf, start, target, 0, size);
        buf = target;
        start = 0;
        end = size;
      }
      System.arraycopy(chunk, 0, buf, end, n);
      end += n;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void feedEof() {
    lock.lock();
    try {
      eof = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void feedError(IOException e) {
    lock.lock();
    try {
      error = e;
      eof = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks the pump while the buffer is over twice the limit and no reader waits for data. */
  void awaitRoom() {
    lock.lock();
    try {
      while (!unbounded && end - start > 2 * limit && waiter == null) {
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Turns flow control off (communicate() reads two pipes to the end). */
  void unbounded() {
    lock.lock();
    try {
      unbounded = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- the reading side ----

  /**
   * Reads up to {@code n} bytes; asyncio's {@code read(n)}. Waits until at least one byte is
   * buffered or the stream ends. With {@code n < 0}, reads until the end of the stream.
   *
   * @param n the most bytes to read; negative for all until the end
   * @return the bytes read; empty at end of stream (and for {@code n == 0})
   * @throws IOException if the underlying stream failed
   * @throws CancelledException if the calling task is cancelled while waiting; nothing is consumed
   */
  public byte[] read(int n) throws IOException {
    if (n == 0) {
      return EMPTY;
    }
    if (n < 0) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = read(limit)).length > 0) {
        all.write(chunk, 0, chunk.length);
      }
      return all.toByteArray();
    }
    lock.lock();
    try {
      checkError();
      while (end == start && !eof) {
        waitForData();
      }
      checkError();
      return take(Math.min(n, end - start));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads exactly {@code n} bytes; asyncio's {@code readexactly(n)}.
   *
   * @param n the number of bytes
   * @return the bytes
   * @throws IncompleteReadException if the stream ends first, with the bytes read so far
   * @throws IOException if the underlying stream failed
   * @throws IllegalArgumentException if n is negative
   * @throws CancelledException if the calling task is cancelled while waiting; nothing is consumed
   */
  public byte[] readExactly(int n) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    lock.lock();
    try {
      checkError();
      while (end - start < n && !eof) {
        waitForData();
      }
      checkError();
      if (end - start < n) {
        throw new IncompleteReadException(take(end - start), n);
      }
      return take(n);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads up to and including {@code separator}; asyncio's {@code readuntil(separator)}.
   *
   * @param separator the bytes to read up to; not empty
   * @return the data with the separator at its end
   * @throws IncompleteReadException if the stream ends before the separator, with all the bytes
   *     that were left (the reader is then empty)
   * @throws LimitOverrunException if the separator is not within the limit; the data stays buffered
   * @throws IOException if the underlying stream failed
   * @throws IllegalArgumentException if the separator is empty
   * @throws CancelledException if the calling task is cancelled while waiting; nothing is consumed
   */
  public byte[] readUntil(byte[] separator) throws IOException {
    Objects.requireNonNull(separator, "separator");
    int seplen = separator.length;
    if (seplen == 0) {
      throw new IllegalArgumentException("separator is empty");
    }
    lock.lock();
    try {
      checkError();
      int offset = 0;
      int found;
      while (true) {
        int avail = end - start;
        if (avail - offset >= seplen) {
          found = indexOf(separator, offset);
          if (found >= 0) {
            break;
          }
          offset = avail + 1 - seplen;
          if (offset > limit) {
            throw new LimitOverrunException(
                "separator is not found, and chunk exceed the limit of " + limit, offset);
          }
        }
        if (eof) {
          checkError();
          throw new IncompleteReadException(take(avail), -1);
        }
        waitForData();
      }
      if (found > limit) {
        throw new LimitOverrunException(
            "separator is found, but chunk is longer than the limit of " + limit, found);
      }
      return take(found + seplen);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads one line and decodes it as UTF-8, without its terminator ({@code \n} or {@code \r\n});
   * returns null at end of stream. asyncio's {@code readline()} returns bytes with the {@code \n}
   * and {@code b''} at the end; this follows {@link java.io.BufferedReader#readLine()} instead. A
   * last line without a terminator is returned as it is. Malformed UTF-8 becomes U+FFFD.
   *
   * @return the line, or null at the end of the stream
   * @throws LimitOverrunException if the line is longer than the limit (asyncio's {@code
   *     ValueError}); as in asyncio the line, or what is buffered of it, is dropped
   * @throws IOException if the underlying stream failed
   * @throws CancelledException if the calling task is cancelled while waiting; nothing is consumed
   */
  public String readLine() throws IOException {
    byte[] line;
    try {
      line = readUntil(NEWLINE);
    } catch (IncompleteReadException e) {
      line = e.partial();
      if (line.length == 0) {
        return null;
      }
    } catch (LimitOverrunException e) {
      lock.lock();
      try {
        int avail = end - start;
        if (e.consumed() < avail && buf[start + e.consumed()] == '\n') {
          take(e.consumed() + 1);
        } else {
          take(avail);
        }
      } finally {
        lock.unlock();
      }
      throw e;
    }
    int n = line.length;
    if (n > 0 && line[n - 1] == '\n') {
      n--;
      if (n > 0 && line[n - 1] == '\r') {
        n--;
      }
    }
    return new String(line, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * True when the stream has ended and every byte has been read; asyncio's {@code at_eof()}.
   *
   * @return whether everything has been read
   */
  public boolean atEof() {
    lock.lock();
    try {
      return eof && start == end;
    } finally {
      lock.unlock();
    }
  }

  private void checkError() throws IOException {
    if (error != null) {
      throw error;
    }
  }

  /** Waits until more data, the end or an error arrives. Call with the lock held. */
  private void waitForData() {
    Thread me = Thread.currentThread();
    if (waiter != null && waiter != me) {
      throw new IllegalStateException(
          "a read was called while another task is already waiting for incoming data: " + this);
    }
    waiter = me;
    int seen = end - start;
    changed.signalAll(); // a paused pump reads on while somebody waits
    try {
      boolean waited = false;
      while (end - start == seen && !eof) {
        changed.await();
        waited = true;
      }
      // data and a cancel arrived together: the cancel wins, as in asyncio, where cancel()
      // cancels the read's waiter before the data can complete it
      if (waited && Thread.interrupted()) {
        throw Aio.cancelledHere();
      }
    } catch (InterruptedException e) {
      throw Aio.cancelledHere();
    } finally {
      waiter = null;
    }
  }

  private int indexOf(byte[] sep, int from) {
    int last = end - sep.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      for (int j = 0; j < sep.length; j++) {
        if (buf[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  private byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
    changed.signalAll();
    return out;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      StringBuilder sb = new StringBuilder("<StreamReader ").append(name);
      if (end > start) {
        sb.append(' ').append(end - start).append(" bytes");
      }
      if (eof) {
        sb.append(" eof");
      }
      if (waiter != null) {
        sb.append(" waiting");
      }
      if (error != null) {
        sb.append(" exception=").append(error);
      }
      return sb.append('>').toString();
    } finally {
      lock.unlock();
    }
  }
}
