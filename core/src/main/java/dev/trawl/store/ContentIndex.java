package dev.trawl.store;

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
   * The file that holds {@code sha256}: the one that already does, else {@code file} when that name
   * is free (now reserved for these bytes); empty when {@code file} is taken by other bytes. Names
   * compare case-insensitively. Atomic.
   */
  Optional<String> claimName(String sha256, String file);

  /**
   * {@link #claimName} for each claim in order, as one atomic step where the index can (one
   * transaction of the crawl state): the answers, one per claim.
   */
  default List<Optional<String>> claimNames(List<Claim> claims) {
    List<Optional<String>> holders = new ArrayList<>(claims.size());
    for (Claim c : claims) {
      holders.add(claimName(c.sha256(), c.file()));
    }
    return holders;
  }

  /** A name wanted for some bytes. */
  record Claim(String sha256, String file) {}

  /**
   * Where {@code file} exists outside this out dir, when another worker of the crawl wrote it into
   * a directory this process can see; empty when unknown.
   */
  default Optional<Path> elsewhere(String file) {
    return Optional.empty();
  }
}
