package dev.trawl.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A scripted HTTP/1.1 server on 127.0.0.1 for tests: each path prefix gets a {@link Script} that
 * answers however it likes, including brokenly (reset after the headers, a body cut short, a slow
 * trickle). Every response closes its connection. Records each request with its start and end, so
 * tests can check what reached the server and how many were in flight at once. Unrouted paths
 * answer 404. One virtual thread per connection.
 */
public final class HostileServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  public interface Script {
    void serve(Exchange exchange) throws IOException, InterruptedException;
  }

  /** A request as the server saw it; {@code attempt} counts requests for the same path from 1. */
  public static final class Request {
    private final String path;
    private final int attempt;
    private final long startNanos;
    private volatile long endNanos = Long.MAX_VALUE;
    private final AtomicLong sent = new AtomicLong();
    private final CountDownLatch ended = new CountDownLatch(1);

    Request(String path, int attempt, long startNanos) {
      this.path = path;
      this.attempt = attempt;
      this.startNanos = startNanos;
    }

    public String path() {
      return path;
    }

    public int attempt() {
      return attempt;
    }

    public long startNanos() {
      return startNanos;
    }

    /** Bytes of the response written to the socket so far, head included. */
    public long bytesSent() {
      return sent.get();
    }

    /** When the script returned; {@code Long.MAX_VALUE} while it runs. */
    public long endNanos() {
      return endNanos;
    }

    @Override
    public String toString() {
      return path + "#" + attempt;
    }
  }

  /** The send buffer of every connection: abort tests bound bytes sent by a few of these. */
  public static final int SEND_BUFFER = 64 * 1024;

  private final ServerSocket socket;
  private final Map<String, Script> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private HostileServer(InetAddress address) throws IOException {
    socket = new ServerSocket(0, 100, address);
    acceptor = Thread.ofVirtual().name("hostile-accept").start(this::accept);
  }

  /** Starts a server on a free loopback port. */
  public static HostileServer start() throws IOException {
    return new HostileServer(InetAddress.getLoopbackAddress());
  }

  /** Starts a server on a free port of {@code address}, e.g. 127.0.0.2 for "another host". */
  public static HostileServer startOn(String address) throws IOException {
    return new HostileServer(InetAddress.getByName(address));
  }

  /** Answers paths starting with {@code prefix} with {@code script}; the longest prefix wins. */
  public HostileServer route(String prefix, Script script) {
    routes.put(prefix, script);
    return this;
  }

  /** {@code http://ADDRESS:PORT} + {@code path}, ADDRESS 127.0.0.1 unless started on another. */
  public String url(String path) {
    return "http://"
        + socket.getInetAddress().getHostAddress()
        + ":"
        + socket.getLocalPort()
        + path;
  }

  /** All requests so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests for paths starting with {@code prefix} arrived. */
  public int count(String prefix) {
    return (int) requests.stream().filter(r -> r.path.startsWith(prefix)).count();
  }

  /** The most requests matching {@code which} that were being served at the same time. */
  public int maxInFlight(Predicate<Request> which) {
    List<long[]> events = new ArrayList<>();
    for (Request r : requests) {
      if (which.test(r)) {
        events.add(new long[] {r.startNanos, 1});
        events.add(new long[] {r.endNanos, -1});
      }
    }
    // Ends before starts at the same instant: touching is not overlapping.
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  /** Response bytes written for paths starting with {@code prefix}, over all their requests. */
  public long bytesSent(String prefix) {
    awaitServed(prefix);
    return requests.stream()
        .filter(r -> r.path.startsWith(prefix))
        .mapToLong(Request::bytesSent)
        .sum();
  }

  /**
   * The longest time one request for paths starting with {@code prefix} was served: from its
   * arrival until its script returned (for an endless body, until the client went away).
   */
  public Duration longestServed(String prefix) {
    awaitServed(prefix);
    long now = System.nanoTime();
    return Duration.ofNanos(
        requests.stream()
            .filter(r -> r.path.startsWith(prefix))
            .mapToLong(r -> Math.min(r.endNanos, now) - r.startNanos)
            .max()
            .orElse(0));
  }

  /**
   * Waits until every request so far for paths starting with {@code prefix} has been answered (a
   * client that abandoned an endless body is noticed at the server's next write), at most a minute.
   */
  private void awaitServed(String prefix) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    for (Request r : requests) {
      if (r.path.startsWith(prefix)) {
        try {
          r.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** {@link #maxInFlight(Predicate)} for paths starting with {@code prefix}. */
  public int maxInFlight(String prefix) {
    return maxInFlight(r -> r.path.startsWith(prefix));
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread.ofVirtual().name("hostile-conn").start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      // A small send buffer, so bytes counted as sent are close to bytes the client took.
      s.setSendBufferSize(SEND_BUFFER);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String line = readLine(in);
      if (line == null || line.isEmpty()) {
        return;
      }
      String[] parts = line.split(" ");
      String path = parts.length > 1 ? parts[1] : "/";
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      int attempt = attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Request request = new Request(path, attempt, System.nanoTime());
      requests.add(request);
      try {
        script(path).serve(new Exchange(s, parts[0], path, attempt, headers, request.sent));
      } finally {
        request.endNanos = System.nanoTime();
        request.ended.countDown();
      }
    } catch (IOException e) {
      // The client went away: expected for broken exchanges.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Script script(String path) {
    String best = null;
    for (String prefix : routes.keySet()) {
      if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? ex -> ex.respond(404, "text/plain", "not found") : routes.get(best);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }

  /** One request being answered. Write exactly one response (or break the connection). */
  public static final class Exchange {
    private final Socket socket;
    private final String method;
    private final String path;
    private final int attempt;
    private final Map<String, String> headers;
    private final AtomicLong sent;

    Exchange(
        Socket socket,
        String method,
        String path,
        int attempt,
        Map<String, String> headers,
        AtomicLong sent) {
      this.socket = socket;
      this.sent = sent;
      this.method = method;
      this.path = path;
      this.attempt = attempt;
      this.headers = Collections.unmodifiableMap(headers);
    }

    public String method() {
      return method;
    }

    public String path() {
      return path;
    }

    /** 1 for the first request for this path, 2 for the second... */
    public int attempt() {
      return attempt;
    }

    /** Request headers, names lower-cased. */
    public Map<String, String> headers() {
      return headers;
    }

    /** The response stream; every byte written through it is counted in the request's bytesSent. */
    public OutputStream out() throws IOException {
      OutputStream raw = socket.getOutputStream();
      return new FilterOutputStream(raw) {
        @Override
        public void write(int b) throws IOException {
          raw.write(b);
          sent.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          raw.write(b, off, len);
          sent.addAndGet(len);
        }
      };
    }

    /**
     * A body that never ends: the head (with {@code declaredLength} as Content-Length, or none when
     * negative), then {@code prefix}, then filler bytes until the client goes away.
     */
    public void endless(
        int status, String contentType, long declaredLength, byte[] prefix, String... extra)
        throws IOException {
      OutputStream out = out();
      out.write(head(status, contentType, declaredLength, extra));
      out.write(prefix);
      byte[] filler = new byte[16 * 1024];
      java.util.Arrays.fill(filler, (byte) 'x');
      while (true) {
        out.write(filler);
      }
    }

    /** A complete response; {@code extra} are header name/value pairs. */
    public void respond(int status, String contentType, byte[] body, String... extra)
        throws IOException {
      OutputStream out = out();
      out.write(head(status, contentType, body.length, extra));
      out.write(body);
      out.flush();
    }

    public void respond(int status, String contentType, String body, String... extra)
        throws IOException {
      respond(status, contentType, body.getBytes(StandardCharsets.UTF_8), extra);
    }

    /** An empty response with {@code extra} headers, e.g. a 503 with Retry-After. */
    public void status(int status, String... extra) throws IOException {
      respond(status, "text/plain", new byte[0], extra);
    }

    public void redirect(int status, String location) throws IOException {
      status(status, "Location", location);
    }

    /** Sends the head promising {@code contentLength} bytes, then resets the connection (RST). */
    public void resetAfterHeaders(int status, long contentLength) throws IOException {
      OutputStream out = out();
      out.write(head(status, "image/jpeg", contentLength));
      out.flush();
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Promises {@code body.length} bytes, sends the first {@code sent}, then closes cleanly. */
    public void truncated(int status, byte[] body, int sent) throws IOException {
      OutputStream out = out();
      out.write(head(status, "image/jpeg", body.length));
      out.write(body, 0, sent);
      out.flush();
      socket.close();
    }

    /** Sends the head promising {@code declaredLength} bytes and {@code prefix}, then stalls. */
    public void stall(int status, long declaredLength, byte[] prefix) throws IOException {
      OutputStream out = out();
      out.write(head(status, "image/jpeg", declaredLength));
      out.write(prefix);
      out.flush();
      silent();
    }

    /** Sends nothing (more) until the client goes away. */
    public void silent() throws IOException {
      while (socket.getInputStream().read() >= 0) {
        // whatever the client sends, until it closes
      }
    }

    /** Sends {@code body} one byte every {@code pause}. */
    public void trickle(int status, byte[] body, Duration pause)
        throws IOException, InterruptedException {
      OutputStream out = out();
      out.write(head(status, "image/jpeg", body.length));
      out.flush();
      for (byte b : body) {
        Thread.sleep(pause);
        out.write(b);
        out.flush();
      }
    }

    private static byte[] head(int status, String contentType, long length, String... extra) {
      if (extra.length % 2 != 0) {
        throw new IllegalArgumentException("odd header pairs: " + extra.length);
      }
      StringBuilder sb = new StringBuilder();
      sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
      sb.append("Content-Type: ").append(contentType).append("\r\n");
      if (length >= 0) {
        sb.append("Content-Length: ").append(length).append("\r\n");
      }
      sb.append("Connection: close\r\n");
      for (int i = 0; i < extra.length; i += 2) {
        sb.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
      }
      sb.append("\r\n");
      return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
      return status < 300
          ? "OK"
          : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
    }
  }
}
