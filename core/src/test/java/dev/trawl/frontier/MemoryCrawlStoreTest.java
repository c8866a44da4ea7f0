package dev.trawl.frontier;

class MemoryCrawlStoreTest extends CrawlStoreContract {
  @Override
  protected CrawlStore newStore() {
    return new MemoryCrawlStore();
  }
}
