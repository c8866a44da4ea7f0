package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.fetch.Proxies;
import dev.trawl.frontier.UrlTemplate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Before a crawl starts, connects once to each proxy the start URLs go through: a proxy that cannot
 * be reached is fatal ("proxy unreachable: HOST:PORT"), not a failure of every item.
 */
public final class ProxyCheck {
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private ProxyCheck() {}

  public static void reachable(CrawlConfig config) {
    Proxies proxies = config.request().proxies();
    if (proxies.isEmpty()) {
      return;
    }
    Set<Proxies.Proxy> used = new LinkedHashSet<>();
    for (UrlTemplate t : config.start()) {
      URI uri = URI.create(t.url(t.first()));
      Proxies.Proxy p = proxies.select(uri.getScheme(), uri.getHost());
      if (p != null) {
        used.add(p);
      }
    }
    for (Proxies.Proxy p : used) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(p.host(), p.port()), CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        throw new CrawlException("proxy unreachable: " + p.address(), e);
      }
    }
  }
}
