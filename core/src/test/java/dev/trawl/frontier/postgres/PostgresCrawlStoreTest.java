package dev.trawl.frontier.postgres;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStoreContract;

/** The contract, each test on a crawl of its own in one real PostgreSQL. */
class PostgresCrawlStoreTest extends CrawlStoreContract {
  private static final PostgresServer server = PostgresServer.shared();

  private String crawl;

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
