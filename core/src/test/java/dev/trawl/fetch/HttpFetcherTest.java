package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpFetcherTest {
  @Test
  void httpsUrlsGoThroughTlsAndAnUntrustedCertificateFailsAsATlsError(@TempDir Path dir)
      throws Exception {
    HttpsServer server = selfSignedServer(dir);
    AtomicInteger served = new AtomicInteger();
    server.createContext(
        "/",
        exchange -> {
          served.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try (HttpFetcher http = new HttpFetcher(HttpFetcher.Settings.defaults("trawl-test"))) {
      String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/a.jpg";

      IOException e =
          catchThrowableOfType(
              IOException.class, () -> http.get(url, Map.of(), 1024, r -> r.status()));

      assertThat(FailureReason.of(e)).isEqualTo("tls error");
      assertThat(served).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aCookieASiteSetsIsSentBackToThatSiteAndNoOther() throws Exception {
    Map<String, String> cookieSeen = new ConcurrentHashMap<>();
    HttpServer site = recordingServer("127.0.0.1", cookieSeen);
    HttpServer other = recordingServer("127.0.0.2", cookieSeen);
    site.createContext(
        "/login",
        exchange -> {
          exchange.getResponseHeaders().add("Set-Cookie", "sid=abc123; Path=/");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    try (HttpFetcher http = new HttpFetcher(HttpFetcher.Settings.defaults("trawl-test"))) {
      http.get(url(site, "/login"), Map.of(), 1024, Response::status);
      http.get(url(site, "/a.jpg"), Map.of(), 1024, Response::status);
      http.get(url(other, "/b.jpg"), Map.of(), 1024, Response::status);

      assertThat(cookieSeen).containsEntry("127.0.0.1/a.jpg", "sid=abc123");
      assertThat(cookieSeen).containsEntry("127.0.0.2/b.jpg", "");
    } finally {
      site.stop(0);
      other.stop(0);
    }
  }

  @Test
  void responsesReadToTheEndLeaveTheirConnectionForTheNextRequest() throws Exception {
    Map<String, String> clientPort = new ConcurrentHashMap<>();
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          clientPort.put(
              exchange.getRequestURI().getPath(),
              String.valueOf(exchange.getRemoteAddress().getPort()));
          byte[] body = new byte[20_000];
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    site.start();
    try (HttpFetcher http = new HttpFetcher(HttpFetcher.Settings.defaults("trawl-test"))) {
      for (String path : new String[] {"/1.jpg", "/2.jpg"}) {
        int read =
            http.get(url(site, path), Map.of(), 1 << 20, r -> r.body().readAllBytes().length);
        assertThat(read).isEqualTo(20_000);
      }

      assertThat(clientPort.get("/2.jpg")).isEqualTo(clientPort.get("/1.jpg"));
    } finally {
      site.stop(0);
    }
  }

  /**
   * A loopback server on {@code address} that records each request's Cookie header ("" if none).
   */
  private static HttpServer recordingServer(String address, Map<String, String> cookieSeen)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String cookie = exchange.getRequestHeaders().getFirst("Cookie");
          cookieSeen.put(
              address + exchange.getRequestURI().getPath(), cookie == null ? "" : cookie);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static String url(HttpServer server, String path) {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + path;
  }

  /**
   * A loopback HTTPS server with a certificate no trust store knows (made by the JDK's keytool).
   */
  private static HttpsServer selfSignedServer(Path dir) throws Exception {
    Path keys = dir.resolve("keys.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                keys.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "secret",
                "-alias",
                "test",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      store.load(in, "secret".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "secret".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return server;
  }
}
