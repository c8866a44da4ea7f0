package dev.trawl.fetch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses crawler traps before they are queued: URLs longer than {@code maxLength} ("url too long")
 * and, per scheme+host+path, more than {@code maxQueriesPerPath} distinct query strings ("query
 * trap"; a query already seen stays allowed). No I/O; thread-safe.
 */
public final class UrlGuard {
  /** Default longest URL, in chars. */
  public static final int MAX_URL_LENGTH = 2048;

  /** Default number of distinct query strings per path. */
  public static final int MAX_QUERIES_PER_PATH = 1000;

  private final int maxLength;
  private final int maxQueriesPerPath;
  private final ConcurrentHashMap<String, Set<String>> queries = new ConcurrentHashMap<>();

  /** 2048 chars, 1000 queries per path. */
  public UrlGuard() {
    this(MAX_URL_LENGTH, MAX_QUERIES_PER_PATH);
  }

  public UrlGuard(int maxLength, int maxQueriesPerPath) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength < 1: " + maxLength);
    }
    if (maxQueriesPerPath < 1) {
      throw new IllegalArgumentException("maxQueriesPerPath < 1: " + maxQueriesPerPath);
    }
    this.maxLength = maxLength;
    this.maxQueriesPerPath = maxQueriesPerPath;
  }

  /** Null when {@code url} may be queued, else why not. Counts the URL's query if it is new. */
  public String refusal(String url) {
    if (url.length() > maxLength) {
      return "url too long";
    }
    int hash = url.indexOf('#');
    String u = hash < 0 ? url : url.substring(0, hash);
    int q = u.indexOf('?');
    if (q < 0) {
      return null;
    }
    Set<String> seen =
        queries.computeIfAbsent(u.substring(0, q), k -> ConcurrentHashMap.newKeySet());
    String query = u.substring(q + 1);
    if (seen.contains(query)) {
      return null;
    }
    // Sized check then add: racing callers may overshoot by a few, never unboundedly.
    if (seen.size() >= maxQueriesPerPath) {
      return "query trap";
    }
    seen.add(query);
    return null;
  }
}
