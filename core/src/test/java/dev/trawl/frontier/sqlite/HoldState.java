package dev.trawl.frontier.sqlite;

import java.io.IOException;
import java.nio.file.Path;

/** A second process for the lock test: opens the state in args[0], says so, waits for stdin. */
public final class HoldState {
  private HoldState() {}

  public static void main(String[] args) throws IOException {
    try (SqliteCrawlStore store = SqliteCrawlStore.open(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the lock until the parent closes our stdin or kills us
      }
    }
  }
}
