package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.PageOutcome;
import dev.trawl.aio.Aio;
import dev.trawl.aio.CancelledException;
import dev.trawl.aio.Task;
import dev.trawl.aio.TaskGroupException;
import dev.trawl.extract.Extraction;
import dev.trawl.extract.PageExtractor;
import dev.trawl.fetch.FailureReason;
import dev.trawl.fetch.FetchFailedException;
import dev.trawl.fetch.HttpFetcher;
import dev.trawl.fetch.HttpStatusException;
import dev.trawl.fetch.PoliteFetcher;
import dev.trawl.fetch.UrlGuard;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.Frontier;
import dev.trawl.frontier.OpenRange;
import dev.trawl.frontier.SharedCrawlStore;
import dev.trawl.frontier.StateException;
import dev.trawl.frontier.StateStores;
import dev.trawl.frontier.UrlKey;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.store.DownloadArchive;
import dev.trawl.store.ImageStore;
import dev.trawl.store.ManifestWriter;
import dev.trawl.store.NotAnImageException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One crawl run: reconciles the state an earlier run left, seeds the start pages, runs {@code
 * concurrency} worker tasks that lease pages and images from the state store until none is open,
 * and records every outcome there and with the listener. Internal: use {@link dev.trawl.Crawler}.
 */
public final class CrawlRun {
  private static final int OPEN_RANGE_WINDOW = 4;
  private static final int BARREN_LIMIT = 2;
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final CrawlConfig config;
  private final CrawlListener userListener;
  private final CrawlStore givenStore;
  private final UrlGuard guard = new UrlGuard();
  private final PageExtractor extractor;
  private final Set<String> scopeHosts = new HashSet<>();
  private final List<OpenRange> ranges = new ArrayList<>();
  private final String worker = workerName();
  private final LongAdder itemsDone = new LongAdder();
  private final ReentrantLock pageLock = new ReentrantLock();
  private long pageBudget = Long.MAX_VALUE;
  private volatile Task<?> main;
  private volatile boolean cancelled;

  private PoliteFetcher fetcher;
  private ImageStore images;
  private CrawlStore state;
  private Frontier frontier;
  private DownloadArchive archive;
  private CrawlListener listener;
  private ImageStep imageStep;

  /**
   * @param store the state to use, or null to open the one the configuration names
   */
  public CrawlRun(CrawlConfig config, CrawlListener listener, CrawlStore store) {
    this.config = config;
    this.userListener = listener;
    this.givenStore = store;
    this.extractor = new PageExtractor(config.rules());
  }

  /**
   * Runs the crawl on a new event loop and returns its totals.
   *
   * @throws CrawlException when the out dir or state is unusable or no start page could be read
   * @throws CancelledException when {@link #cancel()} was called
   */
  public CrawlSummary execute() {
    Tally tally = new Tally();
    long started = System.nanoTime();
    try {
      Files.createDirectories(config.outDir());
    } catch (IOException e) {
      throw new CrawlException(
          "out dir not writable: " + config.outDir() + " (" + e.getMessage() + ")", e);
    }
    try {
      state =
          givenStore != null
              ? givenStore
              : StateStores.open(config.storeUrl(), config.crawlName(), config.outDir());
    } catch (StateException e) {
      throw new CrawlException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new CrawlException("cannot open the crawl state: " + e.getMessage(), e);
    }
    long run = 0;
    RuntimeException failed = null;
    try {
      images =
          new ImageStore(
              config.outDir(),
              StoreLinks.contentIndex(
                  state, config.outDir().toAbsolutePath().normalize(), hostName()));
      run = state.beginRun(worker, config.description());
      if (config.archive() != null) {
        archive = DownloadArchive.open(config.archive());
      }
      try (HttpFetcher http = new HttpFetcher(fetchSettings(config))) {
        fetcher = new PoliteFetcher(http, config.politeness(), StoreLinks.hostGate(state));
        listener = CrawlListener.of(tally, userListener);
        imageStep = new ImageStep(config, fetcher, images, archive, listener, guard);
        frontier = new Frontier(state, worker, config.concurrency(), config.lease(), POLL);
        Aio.run(
            () -> {
              main = Aio.currentTask().orElseThrow();
              if (cancelled) {
                throw new CancelledException("crawl cancelled");
              }
              reconcile();
              seed();
              crawl();
              return null;
            });
      }
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
    if (summary.totals().pagesRead() == 0 && !summary.pageFailures().isEmpty()) {
      PageOutcome first = summary.pageFailures().get(0);
      throw new CrawlException(
          "start pages unreachable: " + first.url() + " (" + first.reason() + ")");
    }
    return summary;
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
      ManifestWriter.write(images.outDir(), state);
      return totals();
    } catch (IOException | RuntimeException e) {
      throw new CrawlException("cannot write the manifest: " + e.getMessage(), e);
    } finally {
      if (givenStore == null) {
        state.close();
      }
    }
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
    if (!(state instanceof SharedCrawlStore)) {
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

  private void seed() {
    if (config.maxPages() > 0) {
      long known = 0;
      for (long n : state.counts(CrawlStore.Kind.PAGE).values()) {
        known += n;
      }
      pageBudget = Math.max(0, config.maxPages() - known);
    }
    List<UrlTemplate> start = config.start();
    Map<Integer, long[]> progress = rangeProgress();
    for (int i = 0; i < start.size(); i++) {
      UrlTemplate t = start.get(i);
      scopeHosts.add(host(t.url(t.first())));
      if (t.isOpenEnded()) {
        OpenRange range = new OpenRange(t, OPEN_RANGE_WINDOW);
        ranges.add(range);
        long[] p = progress.getOrDefault(i, new long[] {t.first() - 1, Long.MAX_VALUE, 0});
        List<CrawlStore.Entry> pages = new ArrayList<>();
        for (long n : range.resume(p[0], p[1], (int) p[2])) {
          pages.add(page(t.url(n), PageJob.range(i, n)));
        }
        offerPages(pages);
      } else {
        ranges.add(null);
        boolean follow = config.followNext() && !t.isRange();
        List<CrawlStore.Entry> pages = new ArrayList<>();
        for (String url : t.urls()) {
          pages.add(page(url, follow ? PageJob.follow(0) : PageJob.plain()));
        }
        offerPages(pages);
      }
    }
  }

  /** Per open range index: {highest page queued, earliest last page, pages still open}. */
  private Map<Integer, long[]> rangeProgress() {
    Map<Integer, long[]> progress = new HashMap<>();
    state.forEach(
        CrawlStore.Kind.PAGE,
        null,
        item -> {
          PageJob job = PageJob.decode(item.meta());
          if (job.range() < 0) {
            return;
          }
          long[] p = progress.computeIfAbsent(job.range(), k -> new long[] {0, Long.MAX_VALUE, 0});
          p[0] = Math.max(p[0], job.number());
          if (job.last()) {
            p[1] = Math.min(p[1], job.number());
          }
          if (!item.status().isFinal()) {
            p[2]++;
          }
        });
    return progress;
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
    try {
      Aio.taskGroup(
          group -> {
            for (int i = 0; i < config.concurrency(); i++) {
              group.createTask("worker-" + i, this::work);
            }
            return null;
          });
    } finally {
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
  }

  private Void work() {
    while (true) {
      CrawlStore.Claim claim;
      try {
        claim = frontier.take();
      } catch (InterruptedException e) {
        throw new CancelledException("crawl cancelled");
      }
      if (claim == null) {
        return null;
      }
      CrawlStore.Result result =
          claim.kind() == CrawlStore.Kind.PAGE ? page(claim) : imageStep.run(claim);
      frontier.done(result);
      itemsDone.increment();
    }
  }

  private static CrawlStore.Entry page(String url, PageJob job) {
    return new CrawlStore.Entry(CrawlStore.Kind.PAGE, UrlKey.of(url), url, null, job.encode());
  }

  /** Queues pages while {@code --max-pages} allows; pages already known cost nothing. */
  private void offerPages(List<CrawlStore.Entry> pages) {
    pageLock.lock();
    try {
      int from = 0;
      while (from < pages.size() && pageBudget > 0) {
        List<CrawlStore.Entry> chunk =
            pages.subList(from, (int) Math.min(pages.size(), from + pageBudget));
        boolean[] added = frontier.offer(chunk);
        for (int i = 0; i < added.length; i++) {
          if (added[i]) {
            pageBudget--;
            listener.pageDiscovered(chunk.get(i).url());
          }
        }
        from += chunk.size();
      }
    } finally {
      pageLock.unlock();
    }
  }

  private CrawlStore.Result page(CrawlStore.Claim claim) {
    PageJob job = PageJob.decode(claim.meta());
    OpenRange range = job.range() >= 0 ? ranges.get(job.range()) : null;
    String refusal = guard.refusal(claim.key());
    if (refusal != null) {
      listener.pageDone(new PageOutcome(claim.url(), 0, 0, 0, refusal));
      return pageResult(claim, CrawlStore.Status.SKIPPED, refusal, null, null, null);
    }
    Fetched page;
    try {
      page = fetchPage(claim);
    } catch (IOException failure) {
      checkCancelled();
      IOException e = FetchFailedException.unwrap(failure);
      boolean notFound = e instanceof HttpStatusException s && s.status() == 404;
      if (range != null) {
        offerRangePages(job.range(), range.pageDone(job.number(), notFound));
        if (range.isPastEnd(job.number())) {
          // The closing 404 of an open range is its end, not a failure.
          return pageResult(
              claim,
              CrawlStore.Status.SKIPPED,
              "end of range (" + reason(e) + ")",
              job.withLast().encode(),
              null,
              null);
        }
      }
      int status = e instanceof HttpStatusException s ? s.status() : 0;
      listener.pageDone(new PageOutcome(claim.url(), status, 0, 0, reason(e)));
      return pageResult(claim, CrawlStore.Status.FAILED, reason(e), null, null, null);
    }
    if (page.notModified) {
      listener.pageDone(new PageOutcome(claim.url(), 304, 0, 0, null));
      if (range != null) {
        offerRangePages(job.range(), range.pageDone(job.number(), false));
      }
      return pageResult(claim, CrawlStore.Status.DONE, null, null, null, null);
    }
    Extraction found = extractor.extract(page.finalUrl, page.body, page.contentType);
    List<CrawlStore.Entry> imgs = new ArrayList<>(found.images().size());
    for (String img : found.images()) {
      imgs.add(new CrawlStore.Entry(CrawlStore.Kind.IMAGE, UrlKey.of(img), img, claim.url(), null));
    }
    boolean[] added = frontier.offer(imgs);
    int fresh = 0;
    for (int i = 0; i < added.length; i++) {
      if (added[i]) {
        fresh++;
        listener.imageDiscovered(imgs.get(i).url(), claim.url());
      }
    }
    listener.pageDone(new PageOutcome(claim.url(), 200, imgs.size(), fresh, null));
    String meta = null;
    if (range != null) {
      boolean last = fresh == 0;
      offerRangePages(job.range(), range.pageDone(job.number(), last));
      meta = last ? job.withLast().encode() : null;
    } else if (job.follow()) {
      int barren = fresh == 0 ? job.barren() + 1 : 0;
      if (barren < BARREN_LIMIT) {
        List<CrawlStore.Entry> next = new ArrayList<>();
        for (String url : found.nextPages()) {
          if (config.spanHosts() || scopeHosts.contains(host(url))) {
            next.add(page(url, PageJob.follow(barren)));
          }
        }
        offerPages(next);
      }
    }
    return pageResult(claim, CrawlStore.Status.DONE, null, meta, page.etag, page.lastModified);
  }

  private CrawlStore.Result pageResult(
      CrawlStore.Claim claim,
      CrawlStore.Status status,
      String reason,
      String meta,
      String etag,
      String lastModified) {
    return new CrawlStore.Result(
        claim.id(),
        status,
        null,
        null,
        0,
        null,
        null,
        reason,
        claim.attempts() + 1,
        Instant.now(),
        meta,
        emptyToNull(etag),
        emptyToNull(lastModified));
  }

  private void offerRangePages(int index, List<Long> numbers) {
    if (numbers.isEmpty()) {
      return;
    }
    UrlTemplate t = config.start().get(index);
    List<CrawlStore.Entry> pages = new ArrayList<>();
    for (long n : numbers) {
      pages.add(page(t.url(n), PageJob.range(index, n)));
    }
    offerPages(pages);
  }

  private record Fetched(
      String finalUrl,
      String contentType,
      byte[] body,
      boolean notModified,
      String etag,
      String lastModified) {}

  private Fetched fetchPage(CrawlStore.Claim claim) throws IOException {
    Map<String, String> headers = Map.of();
    if (config.refresh()) {
      Optional<CrawlStore.Item> known = state.find(CrawlStore.Kind.PAGE, claim.key());
      headers = validators(known.orElse(null));
    }
    return fetcher
        .get(
            UrlKey.of(claim.url()),
            headers,
            config.maxPageSize(),
            r -> {
              if (r.status() == 304) {
                return new Fetched(r.finalUrl(), r.contentType(), null, true, null, null);
              }
              if (!r.isSuccess()) {
                throw new HttpStatusException(r.status(), r.finalUrl());
              }
              byte[] body = Counted.of(r.body(), listener).readAllBytes();
              return new Fetched(
                  r.finalUrl(), r.contentType(), body, false, r.etag(), r.lastModified());
            })
        .value();
  }

  private static Map<String, String> validators(CrawlStore.Item known) {
    Map<String, String> h = new HashMap<>();
    if (known != null && known.etag() != null) {
      h.put("If-None-Match", known.etag());
    }
    if (known != null && known.lastModified() != null) {
      h.put("If-Modified-Since", known.lastModified());
    }
    return h;
  }

  static String reason(IOException e) {
    return e instanceof NotAnImageException ? "not an image" : FailureReason.of(e);
  }

  /** An I/O error seen while cancelled is the cancellation, not a failure of the item. */
  static void checkCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("crawl cancelled");
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
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
