package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.ItemOutcome;
import dev.trawl.ItemStatus;
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
import dev.trawl.fetch.RobotsDeniedException;
import dev.trawl.fetch.UrlGuard;
import dev.trawl.frontier.Frontier;
import dev.trawl.frontier.OpenRange;
import dev.trawl.frontier.UrlKey;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.store.ImageStore;
import dev.trawl.store.ManifestWriter;
import dev.trawl.store.NotAnImageException;
import dev.trawl.store.Staged;
import dev.trawl.store.Stored;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One crawl: seeds the frontier, runs {@code concurrency} worker tasks that take pages and images
 * from it until it is drained, and reports every outcome to the listener. Internal: use {@link
 * dev.trawl.Crawler}.
 */
public final class CrawlRun {
  /** A listing page to fetch; {@code range} is set for pages of an open-ended template. */
  private record PageJob(String url, OpenRange range, long number, boolean follow, int barren) {}

  /** An image found on {@code page}. */
  private record ImageJob(String url, String page) {}

  private static final int OPEN_RANGE_WINDOW = 4;
  private static final int BARREN_LIMIT = 2;

  private final CrawlConfig config;
  private final CrawlListener userListener;
  private final Frontier<PageJob, ImageJob> frontier;
  private final UrlGuard guard = new UrlGuard();
  private final PageExtractor extractor;
  private final Set<String> scopeHosts = new HashSet<>();
  private volatile Task<?> main;
  private volatile boolean cancelled;

  private PoliteFetcher fetcher;
  private ImageStore store;
  private CrawlListener listener;

  public CrawlRun(CrawlConfig config, CrawlListener listener) {
    this.config = config;
    this.userListener = listener;
    this.frontier = new Frontier<>(config.maxPages());
    this.extractor = new PageExtractor(config.rules());
  }

  /**
   * Runs the crawl on a new event loop and returns its totals.
   *
   * @throws CrawlException when the out dir is unusable or no start page could be read
   * @throws CancelledException when {@link #cancel()} was called
   */
  public CrawlSummary execute() {
    try {
      store = new ImageStore(config.outDir());
    } catch (IOException e) {
      throw new CrawlException(
          "out dir not writable: " + config.outDir() + " (" + e.getMessage() + ")", e);
    }
    Tally tally = new Tally();
    long started = System.nanoTime();
    try (HttpFetcher f = new HttpFetcher(fetchSettings(config));
        ManifestWriter manifest = new ManifestWriter(store.outDir())) {
      fetcher = new PoliteFetcher(f, config.politeness());
      listener = CrawlListener.of(tally, manifest, userListener);
      Aio.run(
          () -> {
            main = Aio.currentTask().orElseThrow();
            if (cancelled) {
              throw new CancelledException("crawl cancelled");
            }
            crawl();
            return null;
          });
    } catch (IOException e) {
      throw new CrawlException("cannot write to " + config.outDir() + ": " + e.getMessage(), e);
    } catch (TaskGroupException e) {
      Throwable first = e.exceptions().get(0);
      throw new CrawlException("crawl stopped: " + first.getMessage(), first);
    }
    CrawlSummary summary = tally.summary(Duration.ofNanos(System.nanoTime() - started));
    if (summary.pagesFetched() == 0 && !summary.pageFailures().isEmpty()) {
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

  private void crawl() throws Exception {
    for (UrlTemplate t : config.start()) {
      scopeHosts.add(host(t.url(t.first())));
      if (t.isOpenEnded()) {
        OpenRange range = new OpenRange(t, OPEN_RANGE_WINDOW);
        for (long n : range.start()) {
          offerPage(new PageJob(t.url(n), range, n, false, 0));
        }
      } else {
        boolean follow = config.followNext() && !t.isRange();
        for (String url : t.urls()) {
          offerPage(new PageJob(url, null, 0, follow, 0));
        }
      }
    }
    Aio.taskGroup(
        group -> {
          for (int i = 0; i < config.concurrency(); i++) {
            group.createTask("worker-" + i, this::work);
          }
          return null;
        });
  }

  private Void work() {
    while (true) {
      Frontier.Work<PageJob, ImageJob> w;
      try {
        w = frontier.take();
      } catch (InterruptedException e) {
        throw new CancelledException("crawl cancelled");
      }
      if (w == null) {
        return null;
      }
      try {
        if (w.page() != null) {
          page(w.page());
        } else {
          image(w.image());
        }
      } finally {
        frontier.done();
      }
    }
  }

  private void offerPage(PageJob job) {
    String key = UrlKey.of(job.url());
    if (guard.refusal(key) == null && frontier.offerPage(key, job)) {
      listener.pageDiscovered(job.url());
    }
  }

  private void page(PageJob job) {
    Fetched page;
    try {
      page = fetchPage(UrlKey.of(job.url()));
    } catch (IOException failure) {
      checkCancelled();
      IOException e = FetchFailedException.unwrap(failure);
      boolean notFound = e instanceof HttpStatusException s && s.status() == 404;
      if (job.range() != null) {
        if (notFound) {
          job.range().pageDone(job.number(), true);
        } else {
          job.range().pageDone(job.number(), false).forEach(n -> offerRangePage(job.range(), n));
        }
        if (job.range().isPastEnd(job.number())) {
          return; // the closing 404 of an open range is its end, not a failure
        }
      }
      int status = e instanceof HttpStatusException s ? s.status() : 0;
      listener.pageDone(new PageOutcome(job.url(), status, 0, 0, reason(e)));
      return;
    }
    Extraction found = extractor.extract(page.finalUrl, page.body, page.contentType);
    int fresh = 0;
    for (String img : found.images()) {
      String key = UrlKey.of(img);
      ImageJob image = new ImageJob(img, job.url());
      String refusal = guard.refusal(key);
      if (refusal != null) {
        if (frontier.seeImage(key)) {
          listener.imageDiscovered(img, job.url());
          listener.imageDone(skipped(image, refusal));
        }
      } else if (frontier.offerImage(key, image)) {
        fresh++;
        listener.imageDiscovered(img, job.url());
      }
    }
    listener.pageDone(new PageOutcome(job.url(), 200, found.images().size(), fresh, null));
    if (job.range() != null) {
      job.range().pageDone(job.number(), fresh == 0).forEach(n -> offerRangePage(job.range(), n));
    } else if (job.follow()) {
      int barren = fresh == 0 ? job.barren() + 1 : 0;
      if (barren < BARREN_LIMIT) {
        for (String next : found.nextPages()) {
          if (config.spanHosts() || scopeHosts.contains(host(next))) {
            offerPage(new PageJob(next, null, 0, true, barren));
          }
        }
      }
    }
  }

  private void offerRangePage(OpenRange range, long n) {
    offerPage(new PageJob(range.template().url(n), range, n, false, 0));
  }

  private record Fetched(String finalUrl, String contentType, byte[] body) {}

  private Fetched fetchPage(String url) throws IOException {
    return fetcher
        .get(
            url,
            Map.of(),
            config.maxPageSize(),
            r -> {
              if (!r.isSuccess()) {
                throw new HttpStatusException(r.status(), r.finalUrl());
              }
              byte[] body = counted(r.body()).readAllBytes();
              return new Fetched(r.finalUrl(), r.contentType(), body);
            })
        .value();
  }

  private void image(ImageJob job) {
    String target = UrlKey.of(config.rewriter().rewrite(job.url()));
    int attempts = 0;
    try {
      PoliteFetcher.Fetched<Download> d;
      try {
        d = download(target);
      } catch (IOException failure) {
        IOException e = FetchFailedException.unwrap(failure);
        if (!config.fallback() || target.equals(UrlKey.of(job.url())) || !fallsBack(e)) {
          throw failure;
        }
        checkCancelled();
        attempts += FetchFailedException.attemptsOf(failure);
        d = download(UrlKey.of(job.url()));
      }
      attempts += d.attempts();
      Download got = d.value();
      Stored stored = store.commit(got.staged, got.finalUrl);
      listener.imageDone(
          new ItemOutcome(
              job.url(),
              got.finalUrl,
              job.page(),
              stored.file(),
              got.staged.bytes(),
              got.staged.sha256(),
              got.staged.type().mimeType(),
              stored.duplicate() ? ItemStatus.DUPLICATE : ItemStatus.SAVED,
              stored.duplicate() ? "same bytes as " + stored.file() : null,
              attempts,
              Instant.now()));
    } catch (RobotsDeniedException e) {
      listener.imageDone(skipped(job, e.reason()));
    } catch (IOException failure) {
      checkCancelled();
      IOException e = FetchFailedException.unwrap(failure);
      if (e instanceof RobotsDeniedException r) {
        listener.imageDone(skipped(job, r.reason()));
        return;
      }
      listener.imageDone(
          new ItemOutcome(
              job.url(),
              e instanceof HttpStatusException s ? s.url() : null,
              job.page(),
              null,
              0,
              null,
              null,
              ItemStatus.FAILED,
              reason(e),
              attempts + FetchFailedException.attemptsOf(failure),
              Instant.now()));
    }
  }

  private static String reason(IOException e) {
    return e instanceof NotAnImageException ? "not an image" : FailureReason.of(e);
  }

  private static ItemOutcome skipped(ImageJob job, String reason) {
    return new ItemOutcome(
        job.url(),
        null,
        job.page(),
        null,
        0,
        null,
        null,
        ItemStatus.SKIPPED,
        reason,
        0,
        Instant.now());
  }

  private static boolean fallsBack(IOException e) {
    if (e instanceof HttpStatusException s) {
      return s.status() == 404 || s.status() == 410;
    }
    return e instanceof NotAnImageException;
  }

  private record Download(String finalUrl, Staged staged) {}

  private PoliteFetcher.Fetched<Download> download(String url) throws IOException {
    return fetcher.get(
        url,
        Map.of(),
        config.maxFileSize(),
        r -> {
          if (!r.isSuccess()) {
            throw new HttpStatusException(r.status(), r.finalUrl());
          }
          return new Download(
              r.finalUrl(), store.stage(counted(r.body()), r.finalUrl(), r.contentType()));
        });
  }

  private InputStream counted(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          listener.bytesReceived(n);
        }
        return n;
      }
    };
  }

  /** An I/O error seen while cancelled is the cancellation, not a failure of the item. */
  private static void checkCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException("crawl cancelled");
    }
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
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
