package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.trawl.testing.PrivateCa;
import dev.trawl.testing.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestShapingTest {
  private static final HttpFetcher.Settings SETTINGS = HttpFetcher.Settings.defaults("trawl-test");

  @TempDir static Path caDir;
  static PrivateCa ca;

  @BeforeAll
  static void makeTheCa() throws Exception {
    ca = PrivateCa.create(caDir); // seven keytool runs: once for the class
  }

  /** A server on {@code address} that records the Authorization header of each request. */
  private static HttpServer recording(String address, List<String> seen, String redirectTo)
      throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 0);
    s.createContext(
        "/",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          String referer = ex.getRequestHeaders().getFirst("Referer");
          seen.add(ex.getRequestURI().getPath() + " auth=" + auth + " referer=" + referer);
          if (redirectTo != null && ex.getRequestURI().getPath().equals("/start")) {
            ex.getResponseHeaders().add("Location", redirectTo);
            ex.sendResponseHeaders(302, -1);
          } else {
            ex.sendResponseHeaders(200, -1);
          }
          ex.close();
        });
    s.start();
    return s;
  }

  @Test
  void anAuthorizationHeaderIsDroppedWhenARedirectLeavesTheStartHost() throws IOException {
    List<String> other = new CopyOnWriteArrayList<>();
    List<String> start = new CopyOnWriteArrayList<>();
    HttpServer elsewhere = recording("127.0.0.2", other, null);
    String target = "http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/landed";
    HttpServer home = recording("127.0.0.1", start, target);
    RequestOptions options =
        RequestOptions.defaults()
            .withHeaders(List.of(ExtraHeader.parse("Authorization: Bearer t0ken")));
    try (HttpFetcher http = new HttpFetcher(SETTINGS, options, Set.of("127.0.0.1"))) {
      String url = "http://127.0.0.1:" + home.getAddress().getPort() + "/start";

      int status = http.get(url, Map.of(), 1024, Response::status);

      assertThat(status).isEqualTo(200);
      assertThat(start).containsExactly("/start auth=Bearer t0ken referer=null");
      assertThat(other).containsExactly("/landed auth=null referer=null");
    } finally {
      home.stop(0);
      elsewhere.stop(0);
    }
  }

  @Test
  void aSecretHeaderNeverGoesToAHostThatIsNotAStartHost() throws IOException {
    List<String> other = new CopyOnWriteArrayList<>();
    HttpServer elsewhere = recording("127.0.0.2", other, null);
    RequestOptions options =
        RequestOptions.defaults()
            .withHeaders(
                List.of(ExtraHeader.parse("Cookie: session=t0ken"), ExtraHeader.parse("X-A: b")));
    try (HttpFetcher http = new HttpFetcher(SETTINGS, options, Set.of("127.0.0.1"))) {
      http.get(
          "http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/pic.jpg",
          Map.of(),
          1024,
          Response::status);

      assertThat(other).containsExactly("/pic.jpg auth=null referer=null");
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void aRefererFromAnHttpsPageIsNotSentToAnHttpUrl() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer s = recording("127.0.0.1", seen, null);
    try (HttpFetcher http = new HttpFetcher(SETTINGS)) {
      String base = "http://127.0.0.1:" + s.getAddress().getPort();
      http.get(
          base + "/a", Map.of("Referer", "https://gallery.example/p/1"), 1024, Response::status);
      http.get(
          base + "/b", Map.of("Referer", "http://gallery.example/p/1"), 1024, Response::status);

      assertThat(seen)
          .containsExactly(
              "/a auth=null referer=null", "/b auth=null referer=http://gallery.example/p/1");
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aPrivateCaIsRefusedByDefaultAndTrustedWithItsCertificate() throws Exception {
    HttpsServer server = ca.server("hello".getBytes(StandardCharsets.UTF_8));
    String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    try (HttpFetcher plain = new HttpFetcher(SETTINGS);
        HttpFetcher trusting =
            new HttpFetcher(
                SETTINGS,
                RequestOptions.defaults().withTls(TlsTrust.withCaFile(ca.caPem())),
                Set.of())) {
      IOException refused =
          catchThrowableOfType(
              IOException.class, () -> plain.get(url, Map.of(), 1024, Response::status));

      assertThat(FailureReason.of(refused)).isEqualTo("tls error");
      String body =
          trusting.get(
              url,
              Map.of(),
              1024,
              r -> new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
      assertThat(body).isEqualTo("hello");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpsGoesThroughAnHttpProxysConnectTunnel() throws Exception {
    HttpsServer server = ca.server("tunnelled".getBytes(StandardCharsets.UTF_8));
    String target = "127.0.0.1:" + server.getAddress().getPort();
    try (TestProxy proxy = TestProxy.http();
        HttpFetcher http =
            new HttpFetcher(
                SETTINGS,
                RequestOptions.defaults()
                    .withTls(TlsTrust.withCaFile(ca.caPem()))
                    .withProxies(Proxies.of("http://127.0.0.1:" + proxy.port(), null)),
                Set.of())) {
      String body =
          http.get(
              "https://" + target + "/",
              Map.of(),
              1024,
              r -> new String(r.body().readAllBytes(), StandardCharsets.UTF_8));

      assertThat(body).isEqualTo("tunnelled");
      assertThat(proxy.destinations()).containsExactly(target);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anHttpsProxyIsReachedOverTls() throws Exception {
    HttpsServer server = ca.server("through tls".getBytes(StandardCharsets.UTF_8));
    String target = "127.0.0.1:" + server.getAddress().getPort();
    try (TestProxy proxy = TestProxy.httpOverTls(ca.serverContext());
        HttpFetcher http =
            new HttpFetcher(
                SETTINGS,
                RequestOptions.defaults()
                    .withTls(TlsTrust.withCaFile(ca.caPem()))
                    .withProxies(Proxies.of("https://127.0.0.1:" + proxy.port(), null)),
                Set.of())) {
      String body =
          http.get(
              "https://" + target + "/",
              Map.of(),
              1024,
              r -> new String(r.body().readAllBytes(), StandardCharsets.UTF_8));

      assertThat(body).isEqualTo("through tls");
      assertThat(proxy.destinations()).containsExactly(target);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noCheckCertificateAcceptsAnyCertificate() throws Exception {
    HttpsServer server = ca.server(new byte[0]);
    // "localhost" is not the name the certificate was made for either
    String url = "https://localhost:" + server.getAddress().getPort() + "/";
    try (HttpFetcher http =
        new HttpFetcher(
            SETTINGS, RequestOptions.defaults().withTls(TlsTrust.checkNothing()), Set.of())) {
      assertThat(http.get(url, Map.of(), 1024, Response::status)).isEqualTo(200);
    } finally {
      server.stop(0);
    }
  }
}
