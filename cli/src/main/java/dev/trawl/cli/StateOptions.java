package dev.trawl.cli;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.StateException;
import dev.trawl.frontier.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which crawl state a command reads: an out dir's SQLite state, or a shared PostgreSQL one. */
final class StateOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "The out dir of a crawl (default: ./imgs).")
  Path dir;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description = "A shared PostgreSQL crawl state (default: $TRAWL_STORE).")
  String store;

  @Option(names = "--crawl", paramLabel = "NAME", description = "The crawl in the --store.")
  String crawl;

  Path dir() {
    return dir == null ? Path.of("imgs") : dir;
  }

  String storeUrl() {
    return storeUrl(store);
  }

  /** {@code given}, else $TRAWL_STORE, else null (SQLite in the out dir). */
  static String storeUrl(String given) {
    if (given != null) {
      return given;
    }
    String env = System.getenv("TRAWL_STORE");
    return env == null || env.isBlank() ? null : env;
  }

  /** Opens the state; a missing one is bad input, a locked or unreadable one is fatal. */
  CrawlStore open() {
    String url = storeUrl();
    if (url == null && !Files.exists(dir().resolve(".trawl").resolve("state.db"))) {
      throw new IllegalArgumentException("no crawl state in " + dir() + " (run trawl get first)");
    }
    if (url != null && crawl == null) {
      throw new IllegalArgumentException("--store needs --crawl NAME");
    }
    try {
      return StateStores.open(url, crawl, dir());
    } catch (StateException e) {
      throw new FatalException(e.getMessage());
    }
  }
}
