package dev.trawl.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which file holds which bytes, and which names are taken: what {@link ImageStore} asks before it
 * puts a picture in place. The crawl state implements it so that it holds across runs and
 * processes; {@link #inMemory()} serves one process. Thread-safe.
 */
public interface ContentIndex {
  /**
   * The file that holds {@code sha256}: the one that already does, else {@code file} when that name
   * is free (now reserved for these bytes); empty when {@code file} is taken by other bytes. Names
   * compare case-insensitively. Atomic.
   */
  Optional<String> claimName(String sha256, String file);

  /**
   * Where {@code file} exists outside this out dir, when another worker of the crawl wrote it into
   * a directory this process can see; empty when unknown.
   */
  default Optional<Path> elsewhere(String file) {
    return Optional.empty();
  }

  /** An index that lives as long as this object. */
  static ContentIndex inMemory() {
    Map<String, String> holders = new HashMap<>();
    Set<String> names = new HashSet<>();
    return new ContentIndex() {
      @Override
      public synchronized Optional<String> claimName(String sha256, String file) {
        String holder = holders.get(sha256);
        if (holder != null) {
          return Optional.of(holder);
        }
        if (!names.add(file.toLowerCase(Locale.ROOT))) {
          return Optional.empty();
        }
        holders.put(sha256, file);
        return Optional.of(file);
      }
    };
  }
}
