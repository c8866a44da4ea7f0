package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.Level;
import dev.trawl.PageOutcome;
import dev.trawl.extract.ExtractException;
import dev.trawl.extract.Extraction;
import dev.trawl.extract.PageExtractor;
import dev.trawl.extract.SitemapReader;
import dev.trawl.fetch.FetchFailedException;
import dev.trawl.fetch.HttpStatusException;
import dev.trawl.fetch.PoliteFetcher;
import dev.trawl.fetch.UrlGuard;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.Frontier;
import dev.trawl.frontier.OpenRange;
import dev.trawl.frontier.PictureInfo;
import dev.trawl.frontier.UrlKey;
import dev.trawl.frontier.UrlList;
import dev.trawl.frontier.UrlTemplate;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pages of a crawl, at every level: seeding the start pages (level 0) and open ranges, reading
 * a claimed page with its level's rules, queueing its images, its links to the next level and the
 * pages after it on its own level (next links, the range window; start pages within {@code
 * --max-pages}), and the outcome the state records.
 */
final class PageStep {
  private static final int OPEN_RANGE_WINDOW = 4;
  private static final int BARREN_LIMIT = 2;
  private static final int INPUT_BATCH = 5000;
  private static final Set<String> PICTURE_EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "bmp", "svg", "jxl", "tif", "tiff",
          "heic");

  private final CrawlConfig config;
  private final PoliteFetcher fetcher;
  private final CrawlStore state;
  private final Frontier frontier;
  private final CrawlListener listener;
  private final UrlGuard guard;
  private final List<PageExtractor> extractors = new ArrayList<>();
  private final Set<String> scopeHosts = ConcurrentHashMap.newKeySet();
  private final List<OpenRange> ranges = new ArrayList<>();
  private final ReentrantLock pageLock = new ReentrantLock();
  private long pageBudget = Long.MAX_VALUE;
  // Pages reached by pagers (next links, open ranges) still allowed by the default pager limit.
  private long pagerBudget = Long.MAX_VALUE;
  private final AtomicBoolean pagerStopped = new AtomicBoolean();

  PageStep(
      CrawlConfig config,
      PoliteFetcher fetcher,
      CrawlStore state,
      Frontier frontier,
      CrawlListener listener,
      UrlGuard guard) {
    this.config = config;
    this.fetcher = fetcher;
    this.state = state;
    this.frontier = frontier;
    this.listener = listener;
    this.guard = guard;
    for (Level level : config.levels()) {
      extractors.add(new PageExtractor(level.rules()));
    }
  }

  /** Queues the start pages, taking up open ranges where an earlier run left them. */
  void seed() {
    if (config.maxPages() > 0) {
      long known = 0;
      for (long n : state.countsByLevel(CrawlStore.Kind.PAGE).getOrDefault(0, Map.of()).values()) {
        known += n;
      }
      pageBudget = Math.max(0, config.maxPages() - known);
    }
    List<UrlTemplate> start = config.start();
    long[] pagerPagesKnown = {0};
    Map<Integer, long[]> progress = rangeProgress(pagerPagesKnown);
    if (config.pagerPages() > 0) {
      pagerBudget = Math.max(0, config.pagerPages() - pagerPagesKnown[0]);
    }
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
        offerPages(pages, true);
      } else {
        ranges.add(null);
        boolean follow =
            config.followNext()
                && !t.isRange()
                && config.levels().get(0).rules().nextSelector() != null;
        List<CrawlStore.Entry> pages = new ArrayList<>();
        for (String url : t.urls()) {
          pages.add(page(url, follow ? PageJob.start() : PageJob.plain()));
        }
        offerPages(pages, false);
      }
    }
    if (config.sitemaps()) {
      seedSitemaps();
    }
    if (config.input() != null) {
      seedInput(config.input());
    }
  }

  /** Queues the sitemaps the robots.txt of each start origin names, as start pages. */
  private void seedSitemaps() {
    Set<String> origins = new LinkedHashSet<>();
    for (UrlTemplate t : config.start()) {
      origins.add(origin(t.url(t.first())));
    }
    List<CrawlStore.Entry> pages = new ArrayList<>();
    for (String origin : origins) {
      for (String sitemap : fetcher.sitemaps(origin + "/robots.txt")) {
        String url = PageExtractor.httpUrl(sitemap);
        if (url != null) {
          scopeHosts.add(host(url));
          pages.add(page(url, PageJob.plain()));
        }
      }
    }
    offerPages(pages, false);
  }

  /**
   * Streams an input list into the state in batches: a URL that looks like a picture is queued as
   * one (with the last level's rules), any other as a start page; a line that is not an http(s) URL
   * is reported and skipped. Memory stays flat however long the list.
   */
  private void seedInput(UrlList list) {
    int last = extractors.size() - 1;
    // a page of the list is a start page: its next links are followed
    PageJob startJob =
        config.followNext() && config.levels().get(0).rules().nextSelector() != null
            ? PageJob.start()
            : PageJob.plain();
    List<CrawlStore.Entry> pages = new ArrayList<>(INPUT_BATCH);
    List<CrawlStore.Entry> pictures = new ArrayList<>(INPUT_BATCH);
    try {
      list.forEach(
          (number, line) -> {
            String url = PageExtractor.httpUrl(line);
            if (url == null) {
              listener.inputRejected(list.name(), number, line);
              return;
            }
            if (looksLikePicture(url)) {
              pictures.add(
                  new CrawlStore.Entry(
                      CrawlStore.Kind.IMAGE, UrlKey.of(url), url, null, null, last));
              if (pictures.size() == INPUT_BATCH) {
                offerPictures(pictures);
              }
            } else {
              scopeHosts.add(host(url));
              pages.add(page(url, startJob));
              if (pages.size() == INPUT_BATCH) {
                offerPages(pages, false);
                pages.clear();
              }
            }
          });
    } catch (IOException e) {
      throw new CrawlException("cannot read " + list.name() + ": " + e.getMessage(), e);
    }
    offerPictures(pictures);
    offerPages(pages, false);
  }

  private void offerPictures(List<CrawlStore.Entry> pictures) {
    boolean[] added = frontier.offer(pictures);
    for (int i = 0; i < added.length; i++) {
      if (added[i]) {
        listener.imageDiscovered(pictures.get(i).url(), null);
      }
    }
    pictures.clear();
  }

  /** True when the URL's path ends in a picture's extension. */
  static boolean looksLikePicture(String url) {
    String path = URI.create(url).getRawPath();
    if (path == null) {
      return false;
    }
    int dot = path.lastIndexOf('.');
    return dot > path.lastIndexOf('/')
        && PICTURE_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  /**
   * Per open range index: {highest page queued, earliest last page, pages still open}; counts the
   * pages pagers reached into {@code pagerPages[0]}.
   */
  private Map<Integer, long[]> rangeProgress(long[] pagerPages) {
    Map<Integer, long[]> progress = new HashMap<>();
    state.forEach(
        CrawlStore.Kind.PAGE,
        null,
        item -> {
          PageJob job = PageJob.decode(item.meta());
          if (job.range() >= 0 || job.pager()) {
            pagerPages[0]++;
          }
          if (job.range() < 0) {
            return;
          }
          long[] p =
              progress.computeIfAbsent(
                  job.range(), k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0});
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

  private static CrawlStore.Entry page(String url, PageJob job) {
    return page(url, job, 0);
  }

  private static CrawlStore.Entry page(String url, PageJob job, int level) {
    return page(url, job, level, null, null);
  }

  /** A page of {@code level}; a deeper one keeps the listing page it was reached from. */
  private static CrawlStore.Entry page(
      String url, PageJob job, int level, String listing, String listingTitle) {
    return new CrawlStore.Entry(
        CrawlStore.Kind.PAGE,
        UrlKey.of(url),
        url,
        listing,
        PageJob.withListingTitle(job.encode(), listingTitle),
        level);
  }

  /** Queues pages of a level after the first; {@code --max-pages} counts only start pages. */
  private int offerLevelPages(List<CrawlStore.Entry> pages) {
    boolean[] added = frontier.offer(pages);
    int fresh = 0;
    for (int i = 0; i < added.length; i++) {
      if (added[i]) {
        fresh++;
        listener.pageDiscovered(pages.get(i).url(), pages.get(i).level());
      }
    }
    return fresh;
  }

  /**
   * Queues start pages while {@code --max-pages} allows, and pages reached by a pager (next links,
   * open ranges) while the pager limit allows too; pages already known cost nothing.
   *
   * @return how many were new
   */
  private int offerPages(List<CrawlStore.Entry> pages, boolean pager) {
    boolean deeper = !pages.isEmpty() && pages.get(0).level() > 0;
    if (deeper && !pager) {
      return offerLevelPages(pages);
    }
    int fresh = 0;
    pageLock.lock();
    try {
      int from = 0;
      while (from < pages.size()) {
        long budget =
            Math.min(deeper ? Long.MAX_VALUE : pageBudget, pager ? pagerBudget : Long.MAX_VALUE);
        if (budget <= 0) {
          if (pager && pagerBudget <= 0 && pagerStopped.compareAndSet(false, true)) {
            listener.pagerLimitReached(config.pagerPages());
          }
          return fresh;
        }
        List<CrawlStore.Entry> chunk =
            pages.subList(from, (int) Math.min(pages.size(), from + budget));
        boolean[] added = frontier.offer(chunk);
        for (int i = 0; i < added.length; i++) {
          if (added[i]) {
            if (!deeper) {
              pageBudget--;
            }
            if (pager) {
              pagerBudget--;
            }
            fresh++;
            listener.pageDiscovered(chunk.get(i).url(), chunk.get(i).level());
          }
        }
        from += chunk.size();
      }
    } finally {
      pageLock.unlock();
    }
    return fresh;
  }

  /**
   * Reads the claimed page with its level's rules, queues its images, its links to the next level
   * and its next pages; the outcome to record.
   */
  CrawlStore.Result run(CrawlStore.Claim claim) {
    PageJob job = PageJob.decode(claim.meta());
    int level = Math.min(claim.level(), extractors.size() - 1);
    OpenRange range = job.range() >= 0 ? ranges.get(job.range()) : null;
    String refusal = guard.refusal(claim.key());
    if (refusal != null) {
      listener.pageDone(new PageOutcome(claim.url(), 0, 0, 0, refusal, level));
      return pageResult(claim, CrawlStore.Status.SKIPPED, refusal, null, null, null);
    }
    Fetched page;
    try {
      page = fetchPage(claim);
    } catch (IOException failure) {
      CrawlRun.checkCancelled();
      IOException e = FetchFailedException.unwrap(failure);
      boolean notFound = e instanceof HttpStatusException s && s.status() == 404;
      if (range != null) {
        offerRangePages(job.range(), range.pageDone(job.number(), notFound));
        if (range.isPastEnd(job.number())) {
          // The closing 404 of an open range is its end, not a failure.
          return pageResult(
              claim,
              CrawlStore.Status.SKIPPED,
              "end of range (" + CrawlRun.reason(e) + ")",
              job.withLast().encode(),
              null,
              null);
        }
      }
      int status = e instanceof HttpStatusException s ? s.status() : 0;
      listener.pageDone(new PageOutcome(claim.url(), status, 0, 0, CrawlRun.reason(e), level));
      return pageResult(claim, CrawlStore.Status.FAILED, CrawlRun.reason(e), null, null, null);
    }
    if (page.notModified) {
      listener.pageDone(new PageOutcome(claim.url(), 304, 0, 0, null, level));
      if (range != null) {
        offerRangePages(job.range(), range.pageDone(job.number(), false));
      }
      return pageResult(claim, CrawlStore.Status.DONE, null, null, null, null);
    }
    int lastLevel = extractors.size() - 1;
    boolean sitemap = page.picture == null && SitemapReader.isSitemap(page.body);
    Extraction found;
    if (page.picture != null) {
      // a page that answers with a picture is one: saved as found, with the last level's rules
      found = new Extraction(List.of(page.picture), List.of(), List.of());
    } else {
      try {
        found =
            sitemap
                ? SitemapReader.read(page.finalUrl, page.body)
                : extractors.get(level).extract(page.finalUrl, page.body, page.contentType);
      } catch (ExtractException e) {
        listener.pageDone(new PageOutcome(claim.url(), 200, 0, 0, e.reason(), level));
        return pageResult(claim, CrawlStore.Status.FAILED, e.reason(), null, null, null);
      }
    }
    // A sitemap's pictures and pages belong to the last level; its sitemaps to its own.
    int imageLevel = sitemap || page.picture != null ? lastLevel : level;
    List<CrawlStore.Entry> imgs = new ArrayList<>(found.images().size());
    // pictures of a work page name the listing it was reached from, and take its page number
    String listing = level > 0 ? claim.page() : null;
    String listingTitle = level > 0 ? PageJob.listingTitle(claim.meta()) : null;
    Long pageNumber = pageNumber(listing != null ? listing : claim.url(), job);
    for (int i = 0; i < found.images().size(); i++) {
      String img = found.images().get(i);
      String meta =
          PictureInfo.found(i + 1, found.alt(i), found.title(), pageNumber)
              .withListing(listing, listingTitle)
              .withJson(found.sources().get(img))
              .encode();
      imgs.add(
          new CrawlStore.Entry(
              CrawlStore.Kind.IMAGE, UrlKey.of(img), img, claim.url(), meta, imageLevel));
    }
    boolean[] added = frontier.offer(imgs);
    int fresh = 0;
    for (int i = 0; i < added.length; i++) {
      if (added[i]) {
        fresh++;
        listener.imageDiscovered(imgs.get(i).url(), claim.url());
      }
    }
    if (sitemap) {
      fresh += queueAt(found.followed(), lastLevel, PageJob.plain(), null, null);
      fresh += queueAt(found.nextPages(), level, PageJob.plain(), null, null);
    } else {
      fresh +=
          followLinks(
              found.followed(),
              level,
              listing != null ? listing : claim.url(),
              listing != null ? listingTitle : found.title());
      // a first-level tree page keeps the page that linked it (its Referer), as a next page does
      fresh +=
          treeLinks(
              found.tree(), level, job.depth(), level == 0 ? claim.url() : listing, listingTitle);
    }
    listener.pageDone(
        new PageOutcome(
            claim.url(),
            200,
            imgs.size() + found.followed().size(),
            fresh,
            null,
            level,
            found.shown()));
    String meta = null;
    if (range != null) {
      boolean last = fresh == 0;
      offerRangePages(job.range(), range.pageDone(job.number(), last));
      meta = last ? job.withLast().encode() : null;
    } else if (job.follow() && !sitemap) {
      // the endless-pager guard counts pager pages only: a start page without pictures is a hub
      int barren = fresh == 0 && job.pager() ? job.barren() + 1 : 0;
      if (barren < BARREN_LIMIT) {
        List<CrawlStore.Entry> next = new ArrayList<>();
        for (String url : found.nextPages()) {
          if (config.spanHosts() || scopeHosts.contains(host(url))) {
            // a first-level page keeps the page that linked it, its Referer
            next.add(
                page(
                    url,
                    PageJob.follow(barren).atDepth(job.depth()),
                    level,
                    level == 0 ? claim.url() : listing,
                    listingTitle));
          }
        }
        offerPages(next, true);
      }
    }
    return pageResult(claim, CrawlStore.Status.DONE, null, meta, page.etag, page.lastModified);
  }

  /** The number of a templated listing page, or null. */
  private Long pageNumber(String url, PageJob job) {
    if (job.range() >= 0) {
      return job.number();
    }
    for (UrlTemplate t : config.start()) {
      OptionalLong n = t.pageNumber(url);
      if (n.isPresent()) {
        return n.getAsLong();
      }
    }
    return null;
  }

  /**
   * Queues the links to the next level, each remembering the listing page it came from; how many
   * were new.
   */
  private int followLinks(List<String> links, int level, String listing, String listingTitle) {
    if (links.isEmpty() || level + 1 >= extractors.size()) {
      return 0;
    }
    int next = level + 1;
    boolean paginates = config.levels().get(next).rules().nextSelector() != null;
    return queueAt(
        links, next, paginates ? PageJob.start() : PageJob.plain(), listing, listingTitle);
  }

  /**
   * Queues in-scope pages of {@code level}, remembering the listing they came from (null for none);
   * how many were new.
   */
  private int queueAt(
      List<String> links, int level, PageJob job, String listing, String listingTitle) {
    List<CrawlStore.Entry> pages = new ArrayList<>(links.size());
    for (String url : links) {
      if (config.spanHosts() || scopeHosts.contains(host(url))) {
        pages.add(page(url, job, level, listing, listingTitle));
      }
    }
    if (level > 0) {
      return offerLevelPages(pages);
    }
    return offerPages(pages, false);
  }

  /**
   * Queues the links deeper into a tree level as pages of that level one step deeper, while the
   * level's depth allows; how many were new. A page already known (a cycle, a breadcrumb back up)
   * is not queued again.
   */
  private int treeLinks(
      List<String> links, int level, int depth, String listing, String listingTitle) {
    Level here = config.level(level);
    if (links.isEmpty() || depth >= here.maxDepth()) {
      return 0;
    }
    boolean paginates = config.followNext() && here.rules().nextSelector() != null;
    PageJob job = (paginates ? PageJob.start() : PageJob.plain()).atDepth(depth + 1);
    List<CrawlStore.Entry> pages = new ArrayList<>(links.size());
    for (String url : links) {
      if (config.spanHosts() || scopeHosts.contains(host(url))) {
        pages.add(page(url, job, level, listing, listingTitle));
      }
    }
    return offerPages(pages, false);
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
    offerPages(pages, true);
  }

  /** A fetched page; {@code picture} is the URL when it answered with a picture (no body read). */
  private record Fetched(
      String finalUrl,
      String contentType,
      byte[] body,
      boolean notModified,
      String etag,
      String lastModified,
      String picture) {}

  private Fetched fetchPage(CrawlStore.Claim claim) throws IOException {
    Map<String, String> headers = new HashMap<>();
    if (config.refresh()) {
      Optional<CrawlStore.Item> known = state.find(CrawlStore.Kind.PAGE, claim.key());
      headers.putAll(validators(known.orElse(null)));
    }
    String url = UrlKey.of(claim.url());
    // a first-level page's entry keeps the page that linked it, a deeper one its listing page
    String referer = config.request().referer().refererFor(url, claim.page());
    if (referer != null) {
      headers.put("Referer", referer);
    }
    return fetcher
        .get(
            url,
            headers,
            config.maxPageSize(),
            r -> {
              if (r.status() == 304) {
                return new Fetched(r.finalUrl(), r.contentType(), null, true, null, null, null);
              }
              if (!r.isSuccess()) {
                throw new HttpStatusException(r.status(), r.finalUrl());
              }
              if (isPicture(r.contentType())) {
                // fetched again as a picture, streamed to disk: a page body is held in memory
                return new Fetched(
                    r.finalUrl(), r.contentType(), null, false, null, null, claim.url());
              }
              byte[] body = Counted.of(r.body(), listener).readAllBytes();
              return new Fetched(
                  r.finalUrl(), r.contentType(), body, false, r.etag(), r.lastModified(), null);
            })
        .value();
  }

  private static boolean isPicture(String contentType) {
    return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("image/");
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

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
