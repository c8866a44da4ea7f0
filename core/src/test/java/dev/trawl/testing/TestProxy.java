package dev.trawl.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

/**
 * A small proxy on 127.0.0.1 for tests, counting what passes: an HTTP forward proxy (absolute-URI
 * requests and CONNECT tunnels) or a SOCKS5 proxy (CONNECT, by address or by name). Optionally
 * demands a user and password (HTTP: 407 and Basic; SOCKS5: RFC 1929). Records each destination
 * ({@code host:port} as the client named it).
 */
public final class TestProxy implements AutoCloseable {
  /** What the proxy speaks. */
  public enum Kind {
    HTTP,
    SOCKS5
  }

  private final Kind kind;
  private final String user;
  private final String password;
  private final ServerSocket server;
  private final List<String> destinations = new CopyOnWriteArrayList<>();
  private final List<String> refusedAuth = new CopyOnWriteArrayList<>();

  private TestProxy(Kind kind, String user, String password) throws IOException {
    this(kind, user, password, ServerSocketFactory.getDefault());
  }

  private TestProxy(Kind kind, String user, String password, ServerSocketFactory sockets)
      throws IOException {
    this.kind = kind;
    this.user = user;
    this.password = password;
    this.server = sockets.createServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
    Thread.ofVirtual().start(this::accept);
  }

  /** An HTTP proxy that clients reach over TLS ({@code https://} proxy URLs). */
  public static TestProxy httpOverTls(SSLContext tls) throws IOException {
    return new TestProxy(Kind.HTTP, null, null, tls.getServerSocketFactory());
  }

  public static TestProxy http() throws IOException {
    return new TestProxy(Kind.HTTP, null, null);
  }

  public static TestProxy socks5() throws IOException {
    return new TestProxy(Kind.SOCKS5, null, null);
  }

  /** A proxy that wants {@code user} and {@code password}. */
  public static TestProxy withLogin(Kind kind, String user, String password) throws IOException {
    return new TestProxy(kind, user, password);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Destinations requested through the proxy, {@code host:port} as the client named them. */
  public List<String> destinations() {
    return List.copyOf(destinations);
  }

  /** Requests turned away for missing or wrong credentials. */
  public int refusedLogins() {
    return refusedAuth.size();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      if (kind == Kind.HTTP) {
        serveHttp(client);
      } else {
        serveSocks(client);
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void serveHttp(Socket client) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    while (true) {
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] line = head.get(0).split(" ");
      if (user != null && !authorized(head)) {
        refusedAuth.add(line[1]);
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        continue;
      }
      if (line[0].equals("CONNECT")) {
        destinations.add(line[1]);
        String[] hp = line[1].split(":");
        try (Socket target = new Socket(hp[0], Integer.parseInt(hp[1]))) {
          out.write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          pipe(in, out, target);
        }
        return;
      }
      URI uri = URI.create(line[1]);
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      destinations.add(uri.getHost() + ":" + port);
      try (Socket target = new Socket(uri.getHost(), port)) {
        StringBuilder req = new StringBuilder();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        req.append(line[0]).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (String h : head.subList(1, head.size())) {
          String name = h.substring(0, Math.max(0, h.indexOf(':'))).toLowerCase(Locale.ROOT);
          if (!name.equals("proxy-authorization")
              && !name.equals("connection")
              && !name.equals("proxy-connection")) {
            req.append(h).append("\r\n");
          }
        }
        req.append("Connection: close\r\n\r\n");
        target.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream back = new BufferedInputStream(target.getInputStream());
        StringBuilder resp = new StringBuilder();
        for (String h : readHead(back)) {
          if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
            resp.append(h).append("\r\n");
          }
        }
        // the client must not reuse a connection this proxy closes after one response
        resp.append("Connection: close\r\n\r\n");
        out.write(resp.toString().getBytes(StandardCharsets.ISO_8859_1));
        back.transferTo(out); // GETs only: no request body
        out.flush();
      }
      return; // one request per connection: the response ends with the close
    }
  }

  private boolean authorized(List<String> head) {
    String want =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    for (String h : head) {
      if (h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")
          && h.substring(h.indexOf(':') + 1).trim().equals(want)) {
        return true;
      }
    }
    return false;
  }

  private void serveSocks(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    if (in.readUnsignedByte() != 5) {
      return;
    }
    byte[] methods = in.readNBytes(in.readUnsignedByte());
    int want = user == null ? 0 : 2;
    boolean offered = false;
    for (byte m : methods) {
      offered |= m == want;
    }
    if (!offered) {
      refusedAuth.add("method");
      out.write(new byte[] {5, (byte) 0xff});
      return;
    }
    out.write(new byte[] {5, (byte) want});
    if (want == 2) {
      in.readUnsignedByte();
      String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
      boolean ok = u.equals(user) && p.equals(password);
      out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
      if (!ok) {
        refusedAuth.add(u);
        return;
      }
    }
    in.readUnsignedByte();
    int cmd = in.readUnsignedByte();
    in.readUnsignedByte();
    int type = in.readUnsignedByte();
    String host;
    if (type == 1) {
      host = InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
    } else if (type == 4) {
      host = InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
    } else {
      host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
    }
    int port = in.readUnsignedShort();
    if (cmd != 1) {
      out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
      return;
    }
    destinations.add(host + ":" + port);
    Socket target;
    try {
      target = new Socket();
      target.connect(new InetSocketAddress(host, port), 5000);
    } catch (IOException e) {
      out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
      return;
    }
    try (target) {
      out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
      out.flush();
      pipe(in, out, target);
    }
  }

  /** Copies both ways until either side closes. */
  private static void pipe(InputStream clientIn, OutputStream clientOut, Socket target)
      throws IOException {
    Thread up =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    clientIn.transferTo(target.getOutputStream());
                    target.shutdownOutput();
                  } catch (IOException e) {
                    // either side closed
                  }
                });
    try {
      target.getInputStream().transferTo(clientOut);
    } finally {
      up.interrupt();
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        line.reset();
        if (l.isEmpty()) {
          return lines;
        }
        lines.add(l);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
