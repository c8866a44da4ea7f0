package dev.trawl.fetch;

import dev.trawl.aio.CancelledException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * robots.txt rules per origin (scheme, host, port), loaded once per crawl. Concurrent callers for
 * the same origin wait for the one load. Thread-safe. A caller interrupted while waiting throws
 * {@link CancelledException}; a load cancelled midway is forgotten so the next caller loads again.
 */
public final class RobotsCache {
  /** Loads the rules at a robots.txt URL; never fails (an unreadable file gives deferred rules). */
  @FunctionalInterface
  public interface Loader {
    RobotsRules load(String robotsUrl);
  }

  private final Loader loader;
  private final ConcurrentHashMap<String, CompletableFuture<RobotsRules>> origins =
      new ConcurrentHashMap<>();

  public RobotsCache(Loader loader) {
    this.loader = loader;
  }

  /**
   * The rules that govern {@code url}, loading them on first use.
   *
   * @throws IllegalArgumentException when {@code url} has no http(s) scheme or host
   */
  public RobotsRules rules(String url) {
    String robotsUrl = robotsUrl(url);
    while (true) {
      CompletableFuture<RobotsRules> mine = new CompletableFuture<>();
      CompletableFuture<RobotsRules> theirs = origins.putIfAbsent(robotsUrl, mine);
      if (theirs == null) {
        return load(robotsUrl, mine);
      }
      try {
        return theirs.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("cancelled while waiting for " + robotsUrl, e);
      } catch (ExecutionException e) {
        // The loading caller was cancelled and removed its entry: try again ourselves.
      }
    }
  }

  private RobotsRules load(String robotsUrl, CompletableFuture<RobotsRules> mine) {
    try {
      RobotsRules rules = loader.load(robotsUrl);
      mine.complete(rules);
      return rules;
    } catch (RuntimeException | Error e) {
      origins.remove(robotsUrl, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** {@code scheme://host[:port]/robots.txt} for {@code url}. */
  static String robotsUrl(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + "/robots.txt";
  }
}
