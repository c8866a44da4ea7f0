package dev.trawl.store;

import dev.trawl.frontier.CrawlStore.Holder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which file holds which bytes, and which names are taken: what {@link ImageStore} asks before it
 * puts a picture in place: the crawl state ({@code CrawlStore::claimName}), so that it holds across
 * runs and processes. Thread-safe.
 */
public interface ContentIndex {
  /**
   * The file that holds {@code sha256} and the item it was first claimed for: the one that already
   * does, else {@code file} when that name is free (now reserved for these bytes and {@code item});
   * empty when {@code file} is taken by other bytes. Names compare case-insensitively. Atomic.
   *
   * @param item the key of the item the bytes were downloaded for: an answer naming it is an
   *     earlier save of the same item, any other makes these bytes a duplicate
   */
  Optional<Holder> claimName(String sha256, String file, String item);

  /**
   * {@link #claimName} for each claim in order, as one atomic step where the index can (one
   * transaction of the crawl state): the answers, one per claim.
   */
  default List<Optional<Holder>> claimNames(List<Claim> claims) {
    List<Optional<Holder>> holders = new ArrayList<>(claims.size());
    for (Claim c : claims) {
      holders.add(claimName(c.sha256(), c.file(), c.item()));
    }
    return holders;
  }

  /** A name wanted for some bytes, downloaded for the item with the key {@code item}. */
  record Claim(String sha256, String file, String item) {}

  /**
   * Where {@code file} exists outside this out dir, when another worker of the crawl wrote it into
   * a directory this process can see; empty when unknown.
   */
  default Optional<Path> elsewhere(String file) {
    return Optional.empty();
  }
}
