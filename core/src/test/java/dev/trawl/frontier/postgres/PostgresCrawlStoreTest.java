package dev.trawl.frontier.postgres;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract, each test on a crawl of its own in one real PostgreSQL. */
class PostgresCrawlStoreTest extends CrawlStoreContract {
  private static PostgresServer server;

  private String crawl;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected CrawlStore newStore() {
    crawl = PostgresServer.freshCrawl();
    return PostgresCrawlStore.open(server.url(), crawl);
  }

  @Override
  protected CrawlStore reopen(CrawlStore store) {
    store.close();
    return PostgresCrawlStore.open(server.url(), crawl);
  }
}
