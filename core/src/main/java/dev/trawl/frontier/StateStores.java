package dev.trawl.frontier;

import dev.trawl.frontier.postgres.PostgresCrawlStore;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import java.nio.file.Path;

/** Opens the crawl state a configuration names. */
public final class StateStores {
  private StateStores() {}

  /**
   * The PostgreSQL store at {@code url} for the crawl {@code crawl} when a URL is given, else the
   * SQLite store in {@code outDir/.trawl}.
   */
  public static CrawlStore open(String url, String crawl, Path outDir) {
    if (url == null) {
      return SqliteCrawlStore.open(outDir.resolve(".trawl"));
    }
    return PostgresCrawlStore.open(url, crawl);
  }
}
