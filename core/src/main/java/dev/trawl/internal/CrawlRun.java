package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.Level;
import dev.trawl.PageOutcome;
import dev.trawl.aio.Aio;
import dev.trawl.aio.AsyncSemaphore;
import dev.trawl.aio.CancelledException;
import dev.trawl.aio.Task;
import dev.trawl.aio.TaskGroup;
import dev.trawl.aio.TaskGroupException;
import dev.trawl.fetch.FailureReason;
import dev.trawl.fetch.HttpFetcher;
import dev.trawl.fetch.PoliteFetcher;
import dev.trawl.fetch.UrlGuard;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.Frontier;
import dev.trawl.frontier.MemoryCrawlStore;
import dev.trawl.frontier.PictureInfo;
import dev.trawl.frontier.SharedCrawlStore;
import dev.trawl.frontier.StateException;
import dev.trawl.frontier.StateStores;
import dev.trawl.frontier.UrlKey;
import dev.trawl.store.ContactSheet;
import dev.trawl.store.Dimensions;
import dev.trawl.store.DownloadArchive;
import dev.trawl.store.ImageHeader;
import dev.trawl.store.ImageStore;
import dev.trawl.store.LinkRefusedException;
import dev.trawl.store.ManifestWriter;
import dev.trawl.store.NotAnImageException;
import dev.trawl.store.PictureCommitter;
import dev.trawl.store.PictureFilters;
import dev.trawl.store.Sidecar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One crawl run: reconciles the state an earlier run left, seeds the start pages, runs {@code
 * concurrency} worker tasks that lease pages and images from the state store until none is open,
 * and records every outcome there and with the listener. Internal: use {@link dev.trawl.Crawler}.
 */
public final class CrawlRun {
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  // How long the picture committer gathers bodies before a sync: one sync and wake-up per batch.
  private static final Duration COMMIT_LINGER =
      Duration.ofMillis(Long.getLong("trawl.commitLingerMs", 2));

  private final CrawlConfig config;
  private final CrawlListener userListener;
  private final CrawlStore givenStore;
  private final UrlGuard guard = new UrlGuard();
  private final String worker = workerName();
  private final LongAdder itemsDone = new LongAdder();
  // Workers started, and those waiting for an item: a new one starts only when none waits.
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger idle = new AtomicInteger();
  // The first failure that stops the crawl from the picture committer's thread (a full disk).
  private volatile CrawlException stopped;
  private volatile Task<?> main;
  private volatile boolean cancelled;

  private PoliteFetcher fetcher;
  private ImageStore images;
  private CrawlStore state;
  private Frontier frontier;
  private DownloadArchive archive;
  private CrawlListener listener;
  private ImageStep imageStep;
  private PageStep pageStep;

  /**
   * @param store the state to use, or null to open the one the configuration names
   */
  public CrawlRun(CrawlConfig config, CrawlListener listener, CrawlStore store) {
    this.config = config;
    this.userListener = listener;
    this.givenStore = store;
  }

  /**
   * Runs the crawl on a new event loop and returns its totals.
   *
   * @throws CrawlException when the out dir or state is unusable or no start page could be read
   * @throws CancelledException when {@link #cancel()} was called
   */
  public CrawlSummary execute() {
    Tally tally = new Tally(config.levels().stream().map(Level::name).toList());
    long started = System.nanoTime();
    try {
      if (!config.listOnly()) {
        Files.createDirectories(config.outDir());
        ManifestWriter.refuseLinks(config.outDir());
      }
    } catch (LinkRefusedException e) {
      throw new CrawlException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CrawlException(
          "out dir not writable: " + config.outDir() + " (" + e.getMessage() + ")", e);
    }
    try {
      if (givenStore != null) {
        state = givenStore;
      } else if (config.listOnly()) {
        state = new MemoryCrawlStore(); // a dry run writes nothing under the out dir
      } else {
        state = StateStores.open(config.storeUrl(), config.crawlName(), config.outDir());
      }
    } catch (StateException e) {
      throw new CrawlException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CrawlException("cannot open the crawl state: " + e.getMessage(), e);
    }
    long run = 0;
    RuntimeException failed = null;
    try {
      if (!config.listOnly()) {
        images =
            new ImageStore(
                config.outDir(),
                StoreLinks.contentIndex(
                    state, config.outDir().toAbsolutePath().normalize(), hostName()),
                config.filenames());
      }
      run = state.beginRun(worker, config.description());
      if (config.archive() != null && !config.listOnly()) {
        archive = DownloadArchive.open(config.archive());
      }
      ProxyCheck.reachable(config);
      try (HttpFetcher http =
          new HttpFetcher(fetchSettings(config), config.request(), startHosts(config))) {
        fetcher = new PoliteFetcher(http, config.politeness(), StoreLinks.hostGate(state));
        listener = CrawlListener.of(tally, userListener);
        imageStep = new ImageStep(config, fetcher, images, archive, listener, guard);
        frontier = new Frontier(state, worker, config.concurrency(), config.lease(), POLL);
        pageStep = new PageStep(config, fetcher, state, frontier, listener, guard);
        Aio.run(
            () -> {
              main = Aio.currentTask().orElseThrow();
              if (cancelled) {
                throw new CancelledException("crawl cancelled");
              }
              reconcile();
              pageStep.seed();
              crawl();
              return null;
            });
      }
    } catch (LinkRefusedException e) {
      failed = new CrawlException(e.getMessage(), e);
    } catch (IOException e) {
      failed =
          new CrawlException(
              "out dir not writable: " + config.outDir() + " (" + e.getMessage() + ")", e);
    } catch (StateException e) {
      failed = new CrawlException(e.getMessage(), e);
    } catch (TaskGroupException e) {
      Throwable first = e.exceptions().get(0);
      failed =
          first instanceof CrawlException c
              ? c
              : new CrawlException("crawl stopped: " + first.getMessage(), first);
    } catch (RuntimeException e) {
      failed = e; // cancelled, or a bug: the run is still ended below
    }
    CrawlSummary.Totals totals;
    try {
      totals = finishRun(run);
    } catch (RuntimeException e) {
      if (failed == null) {
        throw e;
      }
      failed.addSuppressed(e); // the first failure says what went wrong
      throw failed;
    }
    if (failed != null) {
      throw failed;
    }
    CrawlSummary summary = tally.summary(Duration.ofNanos(System.nanoTime() - started), totals);
    // A page that answered but did not fit its level's rules is a failed page, not an unreachable
    // one.
    if (summary.totals().pagesRead() == 0
        && !summary.pageFailures().isEmpty()
        && summary.pageFailures().stream().noneMatch(p -> p.status() == 200)) {
      PageOutcome first = summary.pageFailures().get(0);
      throw new CrawlException(
          "start pages unreachable: " + first.url() + " (" + first.reason() + ")");
    }
    return summary;
  }

  /** How many worker tasks this run started (they start as work appears, up to concurrency). */
  int workersStarted() {
    return workers.get();
  }

  /** Stops the crawl from any thread; in-flight requests are aborted, temp files removed. */
  public void cancel() {
    cancelled = true;
    Task<?> m = main;
    if (m != null) {
      m.cancel("crawl cancelled");
    }
  }

  /** Ends the run in the state, rewrites the manifest and returns the crawl's totals. */
  private CrawlSummary.Totals finishRun(long run) {
    try {
      if (archive != null) {
        archive.close();
      }
      if (run == 0) {
        return null;
      }
      state.flush();
      state.endRun(run);
      if (images != null) {
        ManifestWriter.write(images.outDir(), state);
        if (config.writeMetadata()) {
          writeMissingSidecars();
        }
        if (config.contactSheet()) {
          ContactSheet.write(images.outDir(), state);
        }
      }
      return totals();
    } catch (IOException | RuntimeException e) {
      throw new CrawlException("cannot write the manifest: " + e.getMessage(), e);
    } finally {
      if (givenStore == null) {
        state.close();
      }
    }
  }

  /** Sidecars a killed run did not write, or a run without {@code --write-metadata}. */
  private void writeMissingSidecars() {
    Path out = images.outDir();
    state.forEach(
        CrawlStore.Kind.IMAGE,
        CrawlStore.Status.SAVED,
        item -> {
          if (item.file() != null
              && !Files.exists(Sidecar.of(out, item.file()))
              && Files.exists(out.resolve(item.file()))) {
            try {
              images.writeSidecar(item.file(), Sidecar.Facts.of(item));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }

  private CrawlSummary.Totals totals() {
    Map<CrawlStore.Status, Long> p = state.counts(CrawlStore.Kind.PAGE);
    Map<CrawlStore.Status, Long> i = state.counts(CrawlStore.Kind.IMAGE);
    long open =
        p.getOrDefault(CrawlStore.Status.QUEUED, 0L)
            + p.getOrDefault(CrawlStore.Status.LEASED, 0L)
            + i.getOrDefault(CrawlStore.Status.QUEUED, 0L)
            + i.getOrDefault(CrawlStore.Status.LEASED, 0L);
    return new CrawlSummary.Totals(
        p.getOrDefault(CrawlStore.Status.DONE, 0L),
        p.getOrDefault(CrawlStore.Status.FAILED, 0L),
        i.getOrDefault(CrawlStore.Status.SAVED, 0L),
        i.getOrDefault(CrawlStore.Status.DUPLICATE, 0L),
        i.getOrDefault(CrawlStore.Status.FAILED, 0L),
        i.getOrDefault(CrawlStore.Status.SKIPPED, 0L),
        open);
  }

  /** Puts an earlier run's leftovers right: its leases back to the queue, lost files refetched. */
  private void reconcile() {
    // A shared store's leases may be other live workers': they expire, we do not take them.
    state.releaseLeases(!(state instanceof SharedCrawlStore));
    // A shared crawl's files live in every worker's own out dir: only a private one is checked.
    if (!(state instanceof SharedCrawlStore) && images != null) {
      List<Long> missing = new ArrayList<>();
      Path out = images.outDir();
      state.forEach(
          CrawlStore.Kind.IMAGE,
          CrawlStore.Status.SAVED,
          item -> {
            if (item.file() == null || !Files.exists(out.resolve(item.file()))) {
              missing.add(item.id());
            }
          });
      if (!missing.isEmpty()) {
        state.requeue(missing);
      }
    }
    reconsiderFiltered();
    if (config.refresh()) {
      state.requeue(CrawlStore.Kind.PAGE, CrawlStore.Status.DONE, null);
    }
    Map<CrawlStore.Status, Long> p = state.counts(CrawlStore.Kind.PAGE);
    Map<CrawlStore.Status, Long> i = state.counts(CrawlStore.Kind.IMAGE);
    long openPages = p.getOrDefault(CrawlStore.Status.QUEUED, 0L);
    long openImages = i.getOrDefault(CrawlStore.Status.QUEUED, 0L);
    if (openPages + openImages > 0) {
      listener.resumed(openPages, openImages);
    }
  }

  /**
   * Queues again the pictures an earlier run's filters skipped that this run's would keep, judged
   * by what was learned of them then.
   */
  private void reconsiderFiltered() {
    List<Long> again = new ArrayList<>();
    PictureFilters filters = config.filters();
    state.forEach(
        CrawlStore.Kind.IMAGE,
        CrawlStore.Status.SKIPPED,
        item -> {
          if (PictureFilters.isFilterReason(item.reason())
              && filters.wouldKeep(
                  UrlKey.of(config.level(item.level()).rewriter().rewrite(item.url())),
                  item.contentType(),
                  size(PictureInfo.decode(item.meta())),
                  item.bytes())) {
            again.add(item.id());
          }
        });
    if (!again.isEmpty()) {
      state.requeue(again);
    }
  }

  private static Dimensions size(PictureInfo info) {
    return info.width() == null || info.height() == null
        ? Dimensions.UNKNOWN
        : new Dimensions(info.width(), info.height());
  }

  private void crawl() throws Exception {
    Task<Void> renewer =
        Aio.createTask(
            "lease-renewer",
            () -> {
              Duration every = config.lease().dividedBy(3);
              while (true) {
                Aio.sleep(every);
                frontier.renewLeases();
              }
            });
    Task<Void> heartbeat = null;
    if (state instanceof SharedCrawlStore shared) {
      heartbeat =
          Aio.createTask(
              "heartbeat",
              () -> {
                String host = hostName();
                long pid = ProcessHandle.current().pid();
                while (true) {
                  shared.heartbeat(worker, host, pid, itemsDone.sum());
                  Aio.sleep(HEARTBEAT);
                }
              });
    }
    // As many bodies may wait for their sync as there are downloads in flight.
    AsyncSemaphore saving = new AsyncSemaphore(config.concurrency());
    // a dry run downloads no picture: nothing to commit
    PictureCommitter<ImageStep.Downloaded> committer =
        images == null
            ? null
            : new PictureCommitter<>(images, COMMIT_LINGER, batch -> saved(batch, saving));
    RuntimeException failed = null;
    try {
      Aio.taskGroup(
          group -> {
            addWorker(group, committer, saving);
            return null;
          });
    } catch (RuntimeException e) {
      failed = e;
      throw e;
    } finally {
      // Bodies handed over before a cancel are committed and recorded: no temp file outlives it.
      try {
        if (committer != null) {
          committer.close();
        }
      } catch (RuntimeException e) {
        if (failed == null) {
          throw e;
        }
      }
      renewer.cancel();
      if (heartbeat != null) {
        heartbeat.cancel();
        try {
          ((SharedCrawlStore) state).heartbeat(worker, hostName(), pid(), itemsDone.sum());
        } catch (RuntimeException e) {
          // only the worker list's last count; the work itself is recorded
        }
      }
    }
    if (stopped != null) {
      throw stopped;
    }
  }

  /**
   * Starts one more worker unless {@code concurrency} are running: workers grow with the work in
   * flight (one waits for the next item), so {@code -j 1000} for two pictures costs two or three.
   */
  private void addWorker(
      TaskGroup group, PictureCommitter<ImageStep.Downloaded> committer, AsyncSemaphore saving) {
    while (true) {
      int n = workers.get();
      if (n >= config.concurrency()) {
        return;
      }
      if (workers.compareAndSet(n, n + 1)) {
        try {
          group.createTask("worker-" + n, () -> work(group, committer, saving));
        } catch (IllegalStateException shuttingDown) {
          // the crawl is ending: no new worker needed
        }
        return;
      }
    }
  }

  /**
   * Takes items until none is left. A downloaded picture goes to the picture committer, which
   * syncs, names and records it with the others of its batch, so {@code concurrency} counts
   * requests in flight, not bodies waiting for the disk.
   */
  private Void work(
      TaskGroup group, PictureCommitter<ImageStep.Downloaded> committer, AsyncSemaphore saving) {
    while (true) {
      CrawlStore.Claim claim;
      idle.incrementAndGet();
      try {
        claim = frontier.take();
      } catch (InterruptedException e) {
        throw new CancelledException("crawl cancelled");
      } finally {
        idle.decrementAndGet();
      }
      if (claim == null) {
        return null;
      }
      if (idle.get() == 0) {
        addWorker(group, committer, saving); // nobody is waiting for the next item
      }
      if (claim.kind() == CrawlStore.Kind.PAGE) {
        done(pageStep.run(claim));
        continue;
      }
      ImageStep.Downloaded d = imageStep.download(claim);
      if (d.result() != null) {
        done(d.result());
        continue;
      }
      try {
        saving.acquire();
      } catch (CancelledException e) {
        imageStep.discard(d);
        throw e;
      }
      try {
        committer.add(d.got().staged(), d.got().finalUrl(), imageStep.info(d), d.claim().key(), d);
      } catch (RuntimeException e) {
        saving.release();
        imageStep.discard(d);
        throw e instanceof IllegalStateException ? new CancelledException("crawl stopped") : e;
      }
    }
  }

  /**
   * On the picture committer's thread: records a committed batch in one call to the state. A full
   * disk stops the crawl: the workers' next take returns null and the failure is thrown.
   */
  private void saved(
      List<PictureCommitter.Committed<ImageStep.Downloaded>> batch, AsyncSemaphore saving) {
    try {
      List<CrawlStore.Result> results = new ArrayList<>(batch.size());
      for (PictureCommitter.Committed<ImageStep.Downloaded> c : batch) {
        results.add(imageStep.saved(c.tag(), c.stored(), c.failure()));
      }
      frontier.done(results);
      itemsDone.add(results.size());
    } catch (CrawlException e) {
      if (stopped == null) {
        stopped = e;
      }
      frontier.close();
      // The committer drops the bodies still queued, and their permits with them: a worker waiting
      // for one would wait forever. Let every worker through to find the committer stopped.
      for (int i = 0; i < config.concurrency(); i++) {
        saving.release();
      }
      throw e;
    } finally {
      for (int i = 0; i < batch.size(); i++) {
        saving.release();
      }
    }
  }

  private void done(CrawlStore.Result result) {
    frontier.done(result);
    itemsDone.increment();
  }

  static String reason(IOException e) {
    if (e instanceof ImageHeader.BadHeaderException bad) {
      return bad.reason();
    }
    return e instanceof NotAnImageException ? "not an image" : FailureReason.of(e);
  }

  /** An I/O error seen while cancelled is the cancellation, not a failure of the item. */
  static void checkCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("crawl cancelled");
    }
  }

  private static String workerName() {
    return hostName() + "-" + pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  /** The hosts of the start URLs: the only ones secret headers go to. */
  private static Set<String> startHosts(CrawlConfig c) {
    Set<String> hosts = new HashSet<>();
    for (var t : c.start()) {
      hosts.add(PageStep.host(t.url(t.first())));
    }
    return hosts;
  }

  private static HttpFetcher.Settings fetchSettings(CrawlConfig c) {
    HttpFetcher.Settings d = HttpFetcher.Settings.defaults(c.userAgent());
    return new HttpFetcher.Settings(
        c.userAgent(),
        c.concurrency(),
        c.politeness().perHost(),
        d.connectTimeout(),
        d.readTimeout(),
        c.requestTimeout(),
        d.maxRedirects());
  }
}
