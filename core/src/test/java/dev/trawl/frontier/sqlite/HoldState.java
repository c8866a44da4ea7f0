package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.CrawlStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second process for the lock and kill tests: opens the state in args[0] (with args[1] "claim",
 * adds the image "held" and leases it), says so, waits for stdin.
 */
public final class HoldState {
  private HoldState() {}

  public static void main(String[] args) throws IOException {
    try (SqliteCrawlStore store = SqliteCrawlStore.open(Path.of(args[0]))) {
      if (args.length > 1 && args[1].equals("claim")) {
        String url = "https://a.test/held.jpg";
        store.add(List.of(new CrawlStore.Entry(CrawlStore.Kind.IMAGE, "held", url, null, null)));
        store.claim("child", 1, Duration.ofMinutes(10));
      }
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the lock until the parent closes our stdin or kills us
      }
    }
  }
}
