package dev.trawl.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * Which servers' certificates trawl accepts: the JDK's trust store (default), plus the CAs of a PEM
 * file ({@code --ca-certificate}), or any certificate for any name ({@code --no-check-certificate},
 * wget's name: for a host you trust by other means). Immutable.
 */
public final class TlsTrust {
  private static final TlsTrust DEFAULT = new TlsTrust(false, List.of());

  private final boolean checkNothing;
  private final List<X509Certificate> extraCas;

  private TlsTrust(boolean checkNothing, List<X509Certificate> extraCas) {
    this.checkNothing = checkNothing;
    this.extraCas = List.copyOf(extraCas);
  }

  /** The JDK's trust store. */
  public static TlsTrust defaults() {
    return DEFAULT;
  }

  /** Every certificate, for every host name. */
  public static TlsTrust checkNothing() {
    return new TlsTrust(true, List.of());
  }

  /**
   * The JDK's trust store plus the certificates of a PEM file (one or more {@code BEGIN
   * CERTIFICATE} blocks).
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no
   *     certificate
   */
  public static TlsTrust withCaFile(Path pem) {
    List<X509Certificate> cas = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      for (Certificate c : certs) {
        cas.add((X509Certificate) c);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("CA certificate file not found: " + pem);
    } catch (IOException e) {
      throw new IllegalArgumentException("CA certificate file not readable: " + pem);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate file: " + pem);
    }
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + pem);
    }
    return new TlsTrust(false, cas);
  }

  public boolean isDefault() {
    return !checkNothing && extraCas.isEmpty();
  }

  /** The TLS strategy for HttpClient; builds an SSL context (about 60 ms). */
  TlsSocketStrategy strategy() {
    if (isDefault()) {
      return DefaultClientTlsStrategy.createDefault();
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (checkNothing) {
        ctx.init(null, new TrustManager[] {new TrustingAll()}, null);
        return new DefaultClientTlsStrategy(
            ctx, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
      }
      TrustManagerFactory jdk =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (TrustManager tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + i++, c);
          }
        }
      }
      for (X509Certificate c : extraCas) {
        store.setCertificateEntry("extra-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      ctx.init(null, tmf.getTrustManagers(), null);
      return new DefaultClientTlsStrategy(ctx);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return checkNothing ? "no-check" : extraCas.isEmpty() ? "default" : extraCas.size() + " CAs";
  }

  /** Accepts every chain: {@code --no-check-certificate}. */
  private static final class TrustingAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
