package dev.trawl.internal;

import dev.trawl.fetch.HostGate;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.SharedCrawlStore;
import dev.trawl.store.ContentIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The crawl state seen as what the image store and the fetcher ask of it. */
final class StoreLinks {
  private StoreLinks() {}

  /**
   * The state as the image store's index of bytes and names. With a shared state, names record
   * {@code host:out}, so that a file another worker here wrote can be found in its out dir.
   */
  static ContentIndex contentIndex(CrawlStore state, Path out, String host) {
    String here = host + ":";
    if (state instanceof SharedCrawlStore shared) {
      shared.setPlace(here + out);
    }
    return new ContentIndex() {
      @Override
      public Optional<CrawlStore.Holder> claimName(String sha256, String file, String item) {
        return state.claimName(sha256, file, item);
      }

      @Override
      public List<Optional<CrawlStore.Holder>> claimNames(List<ContentIndex.Claim> claims) {
        List<CrawlStore.NameClaim> asked = new ArrayList<>(claims.size());
        for (ContentIndex.Claim c : claims) {
          asked.add(new CrawlStore.NameClaim(c.sha256(), c.file(), c.item()));
        }
        return state.claimNames(asked);
      }

      @Override
      public Optional<Path> elsewhere(String file) {
        if (!(state instanceof SharedCrawlStore shared)) {
          return Optional.empty();
        }
        return shared
            .placeOf(file)
            .filter(p -> p.startsWith(here))
            .map(p -> Path.of(p.substring(here.length())))
            .filter(dir -> !dir.equals(out))
            .map(dir -> dir.resolve(file));
      }
    };
  }

  /** The shared state's per-host limits when workers share the crawl, else none. */
  static HostGate hostGate(CrawlStore state) {
    if (!(state instanceof SharedCrawlStore shared)) {
      return HostGate.LOCAL;
    }
    return new HostGate() {
      @Override
      public void enter(String host, int perHost, Duration minDelay) throws InterruptedException {
        while (!shared.tryStartRequest(host, perHost, minDelay)) {
          Thread.sleep(Math.max(5, Math.min(minDelay.toMillis(), 100)));
        }
      }

      @Override
      public void leave(String host) {
        shared.endRequest(host);
      }

      @Override
      public void pause(String host, Duration d) {
        shared.pauseHost(host, d);
      }
    };
  }
}
