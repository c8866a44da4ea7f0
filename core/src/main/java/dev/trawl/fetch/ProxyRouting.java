package dev.trawl.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * {@link Proxies} in HttpClient's terms: a route planner that sends a request to an http(s) proxy,
 * sockets that reach their endpoint through a SOCKS5 proxy, a resolver that leaves names to a
 * {@code socks5h} proxy, and the http(s) proxies' credentials.
 */
final class ProxyRouting {
  private final Proxies proxies;

  ProxyRouting(Proxies proxies) {
    this.proxies = proxies;
  }

  boolean hasSocks() {
    return proxies.all().stream().anyMatch(p -> p.kind().isSocks());
  }

  /** Routes to http and https proxies; SOCKS is the sockets' business. */
  DefaultRoutePlanner routePlanner() {
    return new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
      @Override
      protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        Proxies.Proxy p = proxies.select(target.getSchemeName(), target.getHostName());
        if (p == null || p.kind().isSocks()) {
          return null;
        }
        return new HttpHost(p.kind() == Proxies.Kind.HTTPS ? "https" : "http", p.host(), p.port());
      }
    };
  }

  /** The user and password of each http(s) proxy that has them. */
  BasicCredentialsProvider credentials() {
    BasicCredentialsProvider c = new BasicCredentialsProvider();
    for (Proxies.Proxy p : proxies.all()) {
      if (!p.kind().isSocks() && p.user() != null) {
        char[] pass = p.password() == null ? new char[0] : p.password().reveal().toCharArray();
        c.setCredentials(
            new AuthScope(p.host(), p.port()), new UsernamePasswordCredentials(p.user(), pass));
      }
    }
    return c;
  }

  /** Plain sockets, or SOCKS5 ones for endpoints that go through a SOCKS proxy. */
  DetachedSocketFactory sockets() {
    return new DetachedSocketFactory() {
      @Override
      public Socket create(java.net.Proxy proxy) {
        return create("http", proxy);
      }

      @Override
      public Socket create(String scheme, java.net.Proxy proxy) {
        return new RoutedSocket(scheme);
      }
    };
  }

  /** Resolves names here, except those a {@code socks5h} proxy resolves. */
  DnsResolver resolver() {
    DnsResolver system = SystemDefaultDnsResolver.INSTANCE;
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return system.resolve(host);
      }

      @Override
      public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
      }

      @Override
      public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        if (isRemoteDns(proxies.select("https", host))
            || isRemoteDns(proxies.select("http", host))) {
          return List.of(InetSocketAddress.createUnresolved(host, port));
        }
        return DnsResolver.super.resolve(host, port);
      }
    };
  }

  private static boolean isRemoteDns(Proxies.Proxy p) {
    return p != null && p.kind() == Proxies.Kind.SOCKS5H;
  }

  /** Decides at connect time, when the endpoint is known, whether to go through SOCKS. */
  private final class RoutedSocket extends Socket {
    private final String scheme;
    private Socket socks;

    RoutedSocket(String scheme) {
      this.scheme = scheme;
    }

    @Override
    public void connect(java.net.SocketAddress endpoint, int timeout) throws IOException {
      InetSocketAddress target = (InetSocketAddress) endpoint;
      Proxies.Proxy p = proxies.select(scheme, target.getHostString());
      boolean toAProxy =
          proxies.all().stream().anyMatch(x -> x.host().equalsIgnoreCase(target.getHostString()));
      if (p == null || !p.kind().isSocks() || toAProxy) {
        super.connect(endpoint, timeout);
        return;
      }
      try {
        super.connect(new InetSocketAddress(p.host(), p.port()), timeout);
      } catch (IOException e) {
        throw new ProxyUnreachableException(p.address(), e);
      }
      Socks5.handshake(this, p, target, timeout);
    }
  }
}
