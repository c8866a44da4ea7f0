package dev.trawl.fetch;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928), with username/password authentication (RFC 1929)
 * when the proxy URL has them. An unresolved endpoint is sent as a name for the proxy to resolve
 * ({@code socks5h}); a resolved one as its address. Written here rather than with the JDK's SOCKS
 * support, which takes credentials only from the JVM-wide {@link java.net.Authenticator}.
 */
final class Socks5 {
  private static final String[] REPLIES = {
    "succeeded",
    "general failure",
    "connection not allowed by ruleset",
    "network unreachable",
    "host unreachable",
    "connection refused",
    "TTL expired",
    "command not supported",
    "address type not supported"
  };

  private Socks5() {}

  /**
   * Asks the proxy {@code socket} is connected to for a connection to {@code target}; on return the
   * socket's streams reach the target.
   *
   * @param timeout the longest the handshake may wait for a byte, in ms (0: the socket's own)
   */
  static void handshake(Socket socket, Proxies.Proxy proxy, InetSocketAddress target, int timeout)
      throws IOException {
    int soTimeout = socket.getSoTimeout();
    if (soTimeout == 0 && timeout > 0) {
      socket.setSoTimeout(timeout); // the handshake may not hang forever
    }
    try {
      handshake(socket.getOutputStream(), socket.getInputStream(), proxy, target);
    } finally {
      socket.setSoTimeout(soTimeout);
    }
  }

  private static void handshake(
      OutputStream out, java.io.InputStream raw, Proxies.Proxy proxy, InetSocketAddress target)
      throws IOException {
    DataInputStream in = new DataInputStream(raw);
    boolean auth = proxy.user() != null;
    out.write(auth ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
    out.flush();
    int version = in.readUnsignedByte();
    int method = in.readUnsignedByte();
    if (version != 5) {
      throw new IOException("not a SOCKS5 proxy: " + proxy.address());
    }
    if (method == 2 && auth) {
      byte[] user = proxy.user().getBytes(StandardCharsets.UTF_8);
      byte[] pass =
          (proxy.password() == null ? "" : proxy.password().reveal())
              .getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream m = new ByteArrayOutputStream();
      m.write(1);
      m.write(Math.min(255, user.length));
      m.write(user, 0, Math.min(255, user.length));
      m.write(Math.min(255, pass.length));
      m.write(pass, 0, Math.min(255, pass.length));
      out.write(m.toByteArray());
      out.flush();
      in.readUnsignedByte();
      if (in.readUnsignedByte() != 0) {
        throw new IOException("SOCKS5 proxy refused the credentials: " + proxy.address());
      }
    } else if (method != 0) {
      throw new IOException(
          "SOCKS5 proxy wants "
              + (method == 2 ? "a user and password" : "an unsupported authentication")
              + ": "
              + proxy.address());
    }
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(new byte[] {5, 1, 0});
    if (target.isUnresolved()) {
      byte[] name = target.getHostString().getBytes(StandardCharsets.US_ASCII);
      req.write(3);
      req.write(name.length);
      req.write(name);
    } else {
      byte[] addr = target.getAddress().getAddress();
      req.write(target.getAddress() instanceof Inet4Address ? 1 : 4);
      req.write(addr);
    }
    req.write(target.getPort() >> 8);
    req.write(target.getPort() & 0xff);
    out.write(req.toByteArray());
    out.flush();
    in.readUnsignedByte();
    int reply = in.readUnsignedByte();
    in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int skip = type == 1 ? 4 : type == 4 ? 16 : type == 3 ? in.readUnsignedByte() : -1;
    if (skip < 0) {
      throw new IOException("bad SOCKS5 reply from " + proxy.address());
    }
    in.readNBytes(skip + 2);
    if (reply != 0) {
      throw new java.net.ConnectException(
          "SOCKS5 proxy "
              + proxy.address()
              + ": "
              + (reply < REPLIES.length ? REPLIES[reply] : "error " + reply)
              + " ("
              + target.getHostString()
              + ":"
              + target.getPort()
              + ")");
    }
  }
}
