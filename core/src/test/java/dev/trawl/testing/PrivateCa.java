package dev.trawl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority made at test time with the JDK's keytool: {@link #caPem()} is the
 * CA's certificate, {@link #server} a loopback HTTPS server whose certificate for 127.0.0.1 the CA
 * signed. No trust store knows the CA.
 */
public final class PrivateCa {
  private static final String PASS = "changeit";

  private final Path dir;

  private PrivateCa(Path dir) {
    this.dir = dir;
  }

  /** Makes the CA and the server's certificate in {@code dir} (several keytool runs). */
  public static PrivateCa create(Path dir) throws IOException, InterruptedException {
    PrivateCa ca = new PrivateCa(dir);
    ca.keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-dname",
        "CN=trawl test CA",
        "-ext",
        "bc:c",
        "-keyalg",
        "EC",
        "-validity",
        "2");
    ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    ca.keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keystore",
        "server.p12",
        "-dname",
        "CN=127.0.0.1",
        "-keyalg",
        "EC",
        "-validity",
        "2");
    ca.keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    ca.keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-infile",
        "server.csr",
        "-outfile",
        "server.pem",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2");
    ca.keytool(
        "-importcert", "-noprompt", "-alias", "ca", "-keystore", "server.p12", "-file", "ca.pem");
    ca.keytool("-importcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.pem");
    return ca;
  }

  /** The CA's certificate, PEM. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** TLS for a server on 127.0.0.1 with the certificate the CA signed. */
  public SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      store.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASS.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    return tls;
  }

  /** A started HTTPS server on 127.0.0.1 answering every path with 200 and {@code body}. */
  public HttpsServer server(byte[] body) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
  }
}
