package dev.trawl.aio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;

/** Where a {@link StreamWriter}'s bytes go and what closing means: a socket or a pipe. */
abstract class Transport {
  private volatile boolean closed;

  abstract OutputStream output() throws IOException;

  /** Half-closes: the peer reads end of stream, reading goes on. */
  abstract void writeEof() throws IOException;

  abstract void closeNow() throws IOException;

  /** The peer's address, or null. */
  SocketAddress remoteAddress() {
    return null;
  }

  /**
   * Closes the transport; a read pump that fails afterwards reports end of stream, not an error.
   */
  final void close() throws IOException {
    closed = true;
    closeNow();
  }

  final boolean closedHere() {
    return closed;
  }

  static Transport of(Socket socket) {
    return new Transport() {
      @Override
      OutputStream output() throws IOException {
        return socket.getOutputStream();
      }

      @Override
      void writeEof() throws IOException {
        socket.shutdownOutput();
      }

      @Override
      void closeNow() throws IOException {
        socket.close();
      }

      @Override
      SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
      }

      @Override
      public String toString() {
        return String.valueOf(socket.getRemoteSocketAddress());
      }
    };
  }

  static Transport of(OutputStream pipe, String name) {
    return new Transport() {
      @Override
      OutputStream output() {
        return pipe;
      }

      @Override
      void writeEof() throws IOException {
        pipe.close();
      }

      @Override
      void closeNow() throws IOException {
        pipe.close();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Starts a virtual thread that copies {@code in} into {@code reader} until end of stream. */
  static void pump(InputStream in, StreamReader reader, Transport owner, String name) {
    Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              byte[] chunk = new byte[8192];
              try {
                while (true) {
                  reader.awaitRoom();
                  int n = in.read(chunk);
                  if (n < 0) {
                    break;
                  }
                  reader.feed(chunk, n);
                }
                reader.feedEof();
              } catch (IOException e) {
                if (owner != null && owner.closedHere()) {
                  reader.feedEof();
                } else {
                  reader.feedError(e);
                }
              } catch (RuntimeException | Error e) {
                reader.feedError(new IOException("reading " + name + " failed", e));
                throw e;
              }
            });
  }
}
