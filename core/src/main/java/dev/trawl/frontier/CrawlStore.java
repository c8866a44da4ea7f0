package dev.trawl.frontier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The crawl's state: every page and image URL ever discovered, what happened to it, and who is
 * working on it. The frontier lives here, not in memory, so a crawl survives {@code kill -9} and
 * memory stays flat however large it grows. Entries are leased, not taken: a worker that dies stops
 * renewing and its entries return to the queue.
 *
 * <p>Implementations are thread-safe. Keys are URLs normalised by {@link UrlKey}; an entry is
 * identified by (kind, key). SQL stays portable: store-specific details stay in the adapter.
 */
public interface CrawlStore extends AutoCloseable {
  /** What an entry is. */
  enum Kind {
    PAGE,
    IMAGE
  }

  /**
   * Where an entry is. QUEUED and LEASED are open; the rest are final. Pages end as DONE or FAILED
   * (or SKIPPED); images as SAVED, DUPLICATE, FAILED or SKIPPED.
   */
  enum Status {
    QUEUED,
    LEASED,
    DONE,
    SAVED,
    DUPLICATE,
    FAILED,
    SKIPPED;

    public boolean isFinal() {
      return this != QUEUED && this != LEASED;
    }
  }

  /**
   * A URL to add.
   *
   * @param page for an image, the page it was found on; null for a page
   * @param meta for a page, opaque engine data carried with the entry; for an image, what is known
   *     of it ({@link PictureInfo#encode()}: where it was found, and the JSON object it came from,
   *     see {@link Claim#jsonSource()}), or null
   * @param level for a page, the index of its level in the crawl's list of levels (0 for start
   *     pages); for an image, the level of the page it was found on. Never negative.
   */
  record Entry(Kind kind, String key, String url, String page, String meta, int level) {
    public Entry {
      if (level < 0) {
        throw new IllegalArgumentException("level < 0: " + level);
      }
    }

    /** An entry of level 0. */
    public Entry(Kind kind, String key, String url, String page, String meta) {
      this(kind, key, url, page, meta, 0);
    }
  }

  /**
   * A leased entry.
   *
   * @param attempts requests made for it in earlier leases
   * @param level as {@link Entry#level()}
   */
  record Claim(
      long id,
      Kind kind,
      String key,
      String url,
      String page,
      String meta,
      int attempts,
      int level) {
    /**
     * For an image found on a JSON page, the JSON object it came from (compact JSON text); null
     * otherwise.
     */
    public String jsonSource() {
      return kind == Kind.IMAGE ? PictureInfo.decode(meta).json() : null;
    }
  }

  /**
   * The final outcome of a leased entry. {@code meta}, {@code etag} and {@code lastModified}
   * replace the stored values when not null.
   */
  record Result(
      long id,
      Status status,
      String finalUrl,
      String file,
      long bytes,
      String sha256,
      String contentType,
      String reason,
      int attempts,
      Instant at,
      String meta,
      String etag,
      String lastModified) {
    public Result {
      if (!status.isFinal()) {
        throw new IllegalArgumentException("not a final status: " + status);
      }
    }
  }

  /** An entry as stored. */
  record Item(
      long id,
      Kind kind,
      String key,
      String url,
      String page,
      String meta,
      Status status,
      String finalUrl,
      String file,
      long bytes,
      String sha256,
      String contentType,
      String reason,
      int attempts,
      Instant updatedAt,
      String etag,
      String lastModified,
      int level) {
    /** As {@link Claim#jsonSource()}. */
    public String jsonSource() {
      return kind == Kind.IMAGE ? PictureInfo.decode(meta).json() : null;
    }
  }

  /** One run of a crawl against this store. */
  record Run(long id, String worker, Instant started, Instant ended, String description) {}

  /** Records the start of a run and returns its id. */
  long beginRun(String worker, String description);

  /** Records the end of a run. */
  void endRun(long run);

  /** Every run, oldest first. */
  List<Run> runs();

  /**
   * Adds the entries whose (kind, key) is new, as QUEUED.
   *
   * @return one flag per entry, true where it was added
   */
  boolean[] add(List<Entry> entries);

  /**
   * Leases up to {@code max} queued entries to {@code worker} until now + {@code lease}: pages
   * before images, oldest first. An entry whose lease has expired counts as queued. {@code
   * attempts} is not changed until {@link #finish}.
   */
  List<Claim> claim(String worker, int max, Duration lease);

  /** Extends every lease {@code worker} holds to now + {@code lease}. */
  void renew(String worker, Duration lease);

  /**
   * Records final outcomes. May be applied asynchronously; {@link #flush()} waits until every
   * recorded outcome is durable. An outcome for an entry that is already final is ignored: the
   * first final outcome wins (a worker whose lease expired and was taken over cannot undo the
   * other's).
   */
  void finish(List<Result> results);

  /** Waits until everything recorded so far is durable. */
  void flush();

  /**
   * Returns leased entries to the queue: all of them when {@code all} (one crawl per out dir: any
   * lease found at start is a dead run's), else those whose lease expired.
   *
   * @return how many returned
   */
  int releaseLeases(boolean all);

  /**
   * Queues final entries again: those of {@code kind} with {@code status}, and when {@code reason}
   * is not null only those with that reason.
   *
   * @return how many were queued
   */
  int requeue(Kind kind, Status status, String reason);

  /** Queues the given final entries again (e.g. saved images whose file has gone). */
  int requeue(List<Long> ids);

  /** True while any entry is QUEUED, or LEASED with a lease that has not expired. */
  boolean hasOpenWork();

  /** The entry with this kind and key. */
  Optional<Item> find(Kind kind, String key);

  /** Every entry of {@code kind} with {@code status} (all statuses when null), in id order. */
  void forEach(Kind kind, Status status, Consumer<Item> action);

  /** Entries of {@code kind} counted by status. */
  Map<Status, Long> counts(Kind kind);

  /**
   * Entries of {@code kind} counted by level, then status: {@code countsByLevel(PAGE).get(1)} are
   * the work pages of a listing -> work crawl. Levels without entries are absent.
   */
  Map<Integer, Map<Status, Long>> countsByLevel(Kind kind);

  /** The reason {@link #failureReasons} counts failures without a reason under. */
  String UNKNOWN_REASON = "unknown";

  /**
   * Failed entries of {@code kind} counted by reason (those without one under {@link
   * #UNKNOWN_REASON}).
   */
  Map<String, Long> failureReasons(Kind kind);

  /**
   * Where the bytes {@code sha256} live, decided once for the whole crawl: the file that already
   * holds them and the item they were first claimed for; otherwise {@code file} when that name is
   * free, now reserved for them and for {@code item}; empty when {@code file} is taken by other
   * bytes (try another name). Names compare case-insensitively (they collide on some file systems).
   * Atomic: callers with the same bytes all get the same file and the same item, and no name goes
   * to two contents. An answer naming the caller's own {@code item} is that item's earlier save (a
   * run stopped before recording it); any other item makes the caller a duplicate.
   *
   * @param item the key of the image entry the bytes were downloaded for
   */
  Optional<Holder> claimName(String sha256, String file, String item);

  /**
   * {@link #claimName} for each claim in order, in one transaction where the store can: the
   * answers, one per claim. A later claim of bytes an earlier one in the list placed gets the
   * earlier one's file and item.
   */
  default List<Optional<Holder>> claimNames(List<NameClaim> claims) {
    List<Optional<Holder>> holders = new ArrayList<>(claims.size());
    for (NameClaim c : claims) {
      holders.add(claimName(c.sha256(), c.file(), c.item()));
    }
    return holders;
  }

  /**
   * A file name wanted for the bytes with this SHA-256 (lowercase hex), downloaded for the image
   * entry with the key {@code item}.
   */
  record NameClaim(String sha256, String file, String item) {}

  /** The file that holds some bytes, and the key of the image entry they were first claimed for. */
  record Holder(String file, String item) {}

  @Override
  void close();
}
