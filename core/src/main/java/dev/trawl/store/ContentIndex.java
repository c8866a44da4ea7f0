package dev.trawl.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which file holds which bytes, and which names are taken: what {@link ImageStore} asks before it
 * puts a picture in place. The crawl state implements it so that it holds across runs and
 * processes; {@link #inMemory()} serves one process. Thread-safe.
 */
public interface ContentIndex {
  /**
   * When a file already holds {@code sha256}, that file; otherwise records {@code file} as its
   * holder and returns empty. Atomic.
   */
  Optional<String> holderOf(String sha256, String file);

  /** Reserves a file name, case-insensitively; true when it was free. */
  boolean reserveName(String file);

  /**
   * Where {@code file} exists outside this out dir, when another worker of the crawl wrote it into
   * a directory this process can see; empty when unknown.
   */
  default Optional<Path> elsewhere(String file) {
    return Optional.empty();
  }

  /** An index that lives as long as this object. */
  static ContentIndex inMemory() {
    ConcurrentHashMap<String, String> holders = new ConcurrentHashMap<>();
    Set<String> names = ConcurrentHashMap.newKeySet();
    return new ContentIndex() {
      @Override
      public Optional<String> holderOf(String sha256, String file) {
        return Optional.ofNullable(holders.putIfAbsent(sha256, file));
      }

      @Override
      public boolean reserveName(String file) {
        return names.add(file.toLowerCase(Locale.ROOT));
      }
    };
  }
}
