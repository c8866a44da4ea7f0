package dev.trawl.aio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openConnection over TLS against a loopback server with a certificate made by keytool. */
class TlsStreamsTest {
  private static SSLServerSocket server;
  private static SSLContext trusting;

  @BeforeAll
  static void startServer(@TempDir Path dir) throws Exception {
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
                "CN=localhost",
                "-ext",
                "san=dns:localhost",
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
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
    server =
        (SSLServerSocket)
            serverTls
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (true) {
                try {
                  SSLSocket s = (SSLSocket) server.accept();
                  Thread.ofVirtual().start(() -> echoOnce(s));
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
  }

  private static void echoOnce(SSLSocket s) {
    try (s) {
      byte[] line = new java.io.DataInputStream(s.getInputStream()).readNBytes(6);
      s.getOutputStream().write(line);
      s.getOutputStream().flush();
    } catch (java.io.IOException e) {
      // the client that fails its handshake closes the connection
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void talksTlsToAServerWhoseCertificateItTrusts() throws Exception {
    try (Streams c = Aio.openConnection("localhost", server.getLocalPort(), trusting)) {
      c.writer().write("hello\n".getBytes(UTF_8));
      c.writer().drain();
      assertThat(c.reader().readLine()).isEqualTo("hello");
    }
  }

  @Test
  void refusesACertificateItDoesNotTrust() throws Exception {
    SSLContext defaults = SSLContext.getInstance("TLS");
    defaults.init(null, null, null); // the JDK's trust store: it never saw this certificate
    assertThatThrownBy(() -> Aio.openConnection("localhost", server.getLocalPort(), defaults))
        .isInstanceOf(SSLException.class);
  }

  @Test
  void refusesACertificateForAnotherHostName() {
    // the certificate names localhost, not 127.0.0.1
    assertThatThrownBy(() -> Aio.openConnection("127.0.0.1", server.getLocalPort(), trusting))
        .isInstanceOf(SSLException.class);
  }
}
