package dev.trawl.aio;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Opening connections and building processes for {@link Aio}. */
final class Connections {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private Connections() {}

  static Streams open(String host, int port, SSLContext tls) throws IOException {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    InetSocketAddress at = new InetSocketAddress(host, port);
    if (at.isUnresolved()) {
      throw new java.net.UnknownHostException("cannot resolve host: " + host);
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(at);
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        socket = ssl;
        ssl.startHandshake();
      }
    } catch (IOException | RuntimeException e) {
      socket.close();
      if (Thread.interrupted()) {
        throw Aio.cancelledHere();
      }
      throw e;
    }
    String name = host + ":" + port;
    Transport transport = Transport.of(socket);
    StreamReader reader = new StreamReader(StreamReader.DEFAULT_LIMIT, name);
    Transport.pump(socket.getInputStream(), reader, transport, "aio-reader " + name);
    return new Streams(reader, new StreamWriter(transport, name));
  }

  static ProcessBuilder shell(String command) {
    return WINDOWS
        ? new ProcessBuilder("cmd.exe", "/c", command)
        : new ProcessBuilder("/bin/sh", "-c", command);
  }

  /** Applies PIPE, INHERIT or DISCARD to the three streams of {@code builder}. */
  static ProcessBuilder redirectAll(ProcessBuilder builder, ProcessBuilder.Redirect stdio) {
    Objects.requireNonNull(stdio, "stdio");
    if (stdio == ProcessBuilder.Redirect.DISCARD) {
      return builder
          .redirectInput(ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null")))
          .redirectOutput(stdio)
          .redirectError(stdio);
    }
    if (stdio != ProcessBuilder.Redirect.PIPE && stdio != ProcessBuilder.Redirect.INHERIT) {
      throw new IllegalArgumentException("stdio must be PIPE, INHERIT or DISCARD: " + stdio);
    }
    return builder.redirectInput(stdio).redirectOutput(stdio).redirectError(stdio);
  }
}
