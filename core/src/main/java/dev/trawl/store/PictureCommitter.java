package dev.trawl.store;

import dev.trawl.frontier.PictureInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for pictures (git's batch fsync, RocksDB's group commit): downloaders {@link #add}
 * staged bodies and go on; one platform thread takes what is waiting (up to {@value #MAX_BATCH}),
 * writes the bodies {@link ImageStore#stage} kept in memory to their temp files or unnamed files
 * (see {@link ImageStore}; so downloaders do no file I/O, which on a virtual thread makes the
 * scheduler wake a spare carrier each time), makes the whole batch durable with one {@code
 * syncfs(2)} of the out dir's file system, names every body ({@link ImageStore}, the names claimed
 * in one call to the index), and hands the batch to the {@link Sink}, which records it. The
 * guarantee of {@link ImageStore#commit} holds for each body: a file under its final name is
 * complete and synced before the sink sees it; a process killed mid-batch leaves at most that batch
 * unrecorded, and the next run fetches it again and adopts any file already named.
 *
 * <p>Where {@code syncfs} cannot be called (not Linux, JDK 21, native access not granted) each body
 * of a batch is synced with {@code fdatasync}, in parallel. {@code -Dtrawl.pictureSync=fdatasync}
 * syncs them one after another from the committer thread instead, {@code parallel} in parallel
 * (both for measuring; every method is durable).
 *
 * <p>Thread-safe. A sink that throws stops the committer: bodies still waiting are deleted, and
 * {@link #add} and {@link #close} throw the same exception.
 *
 * @param <T> what the caller attaches to each body, handed back with it
 */
public final class PictureCommitter<T> implements AutoCloseable {
  /** The most bodies one sync covers. */
  public static final int MAX_BATCH = 256;

  /** Receives each batch on the committer thread, in the order the bodies were added. */
  public interface Sink<T> {
    void committed(List<Committed<T>> batch);
  }

  /**
   * One body of a batch: either {@code stored} (under its final name, synced) or {@code failure}.
   * Its temp file is gone (its unnamed file closed) either way.
   */
  public record Committed<T>(T tag, Staged staged, Stored stored, IOException failure) {}

  /** How a batch is made durable. */
  enum Method {
    SYNCFS,
    FDATASYNC,
    PARALLEL
  }

  private record Pending<T>(Staged staged, String url, PictureInfo info, String item, T tag) {}

  private final ImageStore store;
  private final Sink<T> sink;
  private final long lingerNanos;
  private final Method method;
  private final FileSystemSync fileSystem;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private boolean idle;
  private boolean closed;
  private RuntimeException failure;
  private final Thread thread;

  /**
   * Starts the committer thread.
   *
   * @param linger how long the committer waits after the first body of a batch for more to join it
   *     (zero: it takes only what is already waiting); it is never woken per body meanwhile
   */
  public PictureCommitter(ImageStore store, Duration linger, Sink<T> sink) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger < 0: " + linger);
    }
    this.store = store;
    this.sink = sink;
    this.lingerNanos = linger.toNanos();
    Method wanted = chosenMethod();
    FileSystemSync fs = wanted == Method.SYNCFS ? FileSystemSync.open(store.tempDir()) : null;
    this.fileSystem = fs;
    this.method = wanted == Method.SYNCFS && fs == null ? Method.PARALLEL : wanted;
    this.thread = Thread.ofPlatform().daemon().name("trawl-picture-committer").start(this::loop);
  }

  private static Method chosenMethod() {
    String m = System.getProperty("trawl.pictureSync", "syncfs");
    try {
      return Method.valueOf(m.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Method.SYNCFS;
    }
  }

  /** How this committer syncs a batch. */
  Method method() {
    return method;
  }

  /**
   * Queues a staged body for the item {@code url} names; it is synced, named and handed to the sink
   * with the next batch. Never blocks on the disk: the caller bounds how many bodies wait.
   *
   * @throws IllegalStateException when the committer is closed
   * @throws RuntimeException the sink's, when it stopped the committer
   */
  public void add(Staged staged, String url, T tag) {
    add(staged, url, PictureInfo.NONE, url, tag);
  }

  /**
   * The same, for a picture the store's file name template names with {@code info} as well,
   * downloaded for the item with the key {@code item} (see {@link ImageStore#commit(Staged, String,
   * PictureInfo, String)}).
   *
   * @throws IllegalStateException when the committer is closed
   * @throws RuntimeException the sink's, when it stopped the committer
   */
  public void add(Staged staged, String url, PictureInfo info, String item, T tag) {
    lock.lock();
    try {
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new IllegalStateException("picture committer is closed");
      }
      queue.add(new Pending<>(staged, url, info, item, tag));
      if (idle) {
        idle = false;
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Commits every body added so far, then stops the committer thread.
   *
   * @throws RuntimeException the sink's, when it stopped the committer
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signal();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // a batch takes milliseconds: finish waiting, keep the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (fileSystem != null) {
      fileSystem.close();
    }
    lock.lock();
    try {
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    store.writesUnnamedFiles(); // decided before the first body comes, off the crawl's start
    List<Pending<T>> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          idle = true;
          work.awaitUninterruptibly();
        }
        idle = false;
        if (queue.isEmpty()) {
          return; // closed, all committed
        }
      } finally {
        lock.unlock();
      }
      if (lingerNanos > 0) {
        LockSupport.parkNanos(lingerNanos); // more bodies join without waking this thread
      }
      lock.lock();
      try {
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
      } finally {
        lock.unlock();
      }
      try {
        sink.committed(commit(batch));
      } catch (RuntimeException e) {
        batch.forEach(p -> discardQuietly(p.staged())); // open unnamed files of a batch cut short
        stop(e);
        return;
      }
    }
  }

  /** Records the sink's failure and deletes the bodies that will never be committed. */
  private void stop(RuntimeException e) {
    List<Pending<T>> left;
    lock.lock();
    try {
      failure = e;
      left = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Pending<T> p : left) {
      discardQuietly(p.staged());
    }
  }

  private List<Committed<T>> commit(List<Pending<T>> batch) {
    int n = batch.size();
    List<Staged> staged = new ArrayList<>(n);
    List<String> urls = new ArrayList<>(n);
    List<PictureInfo> infos = new ArrayList<>(n);
    List<String> items = new ArrayList<>(n);
    for (Pending<T> p : batch) {
      staged.add(p.staged());
      urls.add(p.url());
      infos.add(p.info());
      items.add(p.item());
    }
    Stored[] stored = new Stored[n];
    // Bodies kept in memory are written here: the downloaders' threads do no file I/O.
    IOException[] written = new IOException[n];
    for (int i = 0; i < n; i++) {
      try {
        store.write(staged.get(i));
      } catch (IOException e) {
        written[i] = e;
      }
    }
    if (n >= 2) {
      CrashPoint.reach(CrashPoint.BATCH_NOT_SYNCED);
    }
    IOException[] failed = sync(staged);
    for (int i = 0; i < n; i++) {
      if (written[i] != null) {
        failed[i] = written[i];
      }
    }
    List<Staged> durable = new ArrayList<>(n);
    List<String> durableUrls = new ArrayList<>(n);
    List<PictureInfo> durableInfos = new ArrayList<>(n);
    List<String> durableItems = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (failed[i] == null) {
        durable.add(staged.get(i));
        durableUrls.add(urls.get(i));
        durableInfos.add(infos.get(i));
        durableItems.add(items.get(i));
      } else {
        discardQuietly(staged.get(i));
      }
    }
    Stored[] placed = new Stored[durable.size()];
    IOException[] placeFailed = new IOException[durable.size()];
    store.placeAll(durable, durableUrls, durableInfos, durableItems, placed, placeFailed);
    for (int i = 0, j = 0; i < n; i++) {
      if (failed[i] == null) {
        stored[i] = placed[j];
        failed[i] = placeFailed[j];
        j++;
      }
    }
    if (n >= 2) {
      CrashPoint.reach(CrashPoint.BATCH_NOT_RECORDED);
    }
    List<Committed<T>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Pending<T> p = batch.get(i);
      out.add(new Committed<>(p.tag(), p.staged(), stored[i], failed[i]));
    }
    return out;
  }

  /** Makes every body durable; the failure of each body that is not (null where it is). */
  private IOException[] sync(List<Staged> staged) {
    IOException[] failed = new IOException[staged.size()];
    if (method == Method.SYNCFS) {
      try {
        fileSystem.sync();
        return failed;
      } catch (IOException e) {
        // a write-back error somewhere on the file system: sync each body to learn which
      }
    }
    if (method == Method.PARALLEL && staged.size() > 1) {
      List<Thread> syncing = new ArrayList<>(staged.size());
      for (int i = 0; i < staged.size(); i++) {
        int at = i;
        syncing.add(Thread.ofVirtual().start(() -> failed[at] = force(staged.get(at))));
      }
      for (Thread t : syncing) {
        boolean interrupted = false;
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      return failed;
    }
    for (int i = 0; i < staged.size(); i++) {
      failed[i] = force(staged.get(i));
    }
    return failed;
  }

  private IOException force(Staged s) {
    try {
      store.force(s);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private void discardQuietly(Staged s) {
    try {
      store.discard(s);
    } catch (IOException ignored) {
      // the next run deletes stale temp files
    }
  }
}
