package dev.trawl;

import dev.trawl.aio.CancelledException;
import dev.trawl.extract.ExtractRules;
import dev.trawl.fetch.BrowserCookie;
import dev.trawl.fetch.ExtraHeader;
import dev.trawl.fetch.FirefoxCookies;
import dev.trawl.fetch.NetscapeCookies;
import dev.trawl.fetch.Politeness;
import dev.trawl.fetch.Proxies;
import dev.trawl.fetch.RefererPolicy;
import dev.trawl.fetch.RequestOptions;
import dev.trawl.fetch.TlsTrust;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.UrlList;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.internal.CrawlRun;
import dev.trawl.rewrite.RewriteRule;
import dev.trawl.rewrite.UrlRewriter;
import dev.trawl.store.FilenameTemplate;
import dev.trawl.store.PictureFilters;
import dev.trawl.store.Sidecar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crawl engine's front door: walks listing pages, finds images, downloads them into an out dir,
 * and reports every outcome.
 *
 * <pre>{@code
 * CrawlSummary s = Crawler.builder()
 *     .start("https://example.com/picture/lists/p/{1..16}")
 *     .rules(new ExtractRules("div.workimage img", List.of("data-original"), ExtractRules.DEFAULT_NEXT_SELECTOR))
 *     .rewrite("thumb_=>thumbMid_")
 *     .outDir(Path.of("imgs"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>A Crawler runs once. {@link #run()} blocks the calling thread; {@link #cancel()} from any
 * thread stops it, after which nothing partial is left under a final name.
 */
public final class Crawler {
  /** This build's version, e.g. "0.1.0". */
  public static final String VERSION = readVersion();

  /** The default User-Agent. */
  public static final String USER_AGENT =
      "trawl/" + VERSION + " (+https://github.com/trawl-dev/trawl)";

  /** Requests in flight at once, by default. */
  public static final int DEFAULT_CONCURRENCY = 16;

  /**
   * The most requests in flight a crawl allows ({@link Builder#concurrency}, {@link
   * Builder#perHost}).
   */
  public static final int MAX_CONCURRENCY = 1024;

  /**
   * Pages a crawl reaches through pagers (next links, open ranges {@code {A..}}) unless {@link
   * Builder#maxPages} is set: a generated pager that adds a picture per page ends here, with {@link
   * CrawlListener#pagerLimitReached}.
   */
  public static final long DEFAULT_PAGER_PAGES = 1000;

  /** Requests in flight to one host at once, by default. */
  public static final int DEFAULT_PER_HOST = 8;

  /** The most {@code --follow} levels. */
  public static final int MAX_FOLLOW = CrawlConfig.MAX_LEVELS - 1;

  private final CrawlConfig config;
  private final CrawlListener listener;
  private final CrawlStore store;
  private final AtomicReference<CrawlRun> running = new AtomicReference<>();
  private volatile boolean cancelled;

  private Crawler(CrawlConfig config, CrawlListener listener, CrawlStore store) {
    this.config = config;
    this.listener = listener;
    this.store = store;
  }

  public static Builder builder() {
    return new Builder();
  }

  public CrawlConfig config() {
    return config;
  }

  /**
   * Runs the crawl to the end.
   *
   * @return the totals; {@link CrawlSummary#complete()} is false when anything failed
   * @throws CrawlException when the out dir or the state is unusable (another trawl is crawling
   *     into it, written by a newer trawl, corrupt) or no start page could be read
   * @throws CancelledException when {@link #cancel()} was called
   */
  public CrawlSummary run() {
    CrawlRun run = new CrawlRun(config, listener, store);
    if (!running.compareAndSet(null, run)) {
      throw new IllegalStateException("a Crawler runs once");
    }
    if (cancelled) {
      throw new CancelledException("crawl cancelled");
    }
    return run.execute();
  }

  /** Stops a running crawl; {@link #run()} then throws {@link CancelledException}. */
  public void cancel() {
    cancelled = true;
    CrawlRun run = running.get();
    if (run != null) {
      run.cancel();
    }
  }

  private static String readVersion() {
    try (InputStream in = Crawler.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** Collects and checks settings; every bad value is named in an IllegalArgumentException. */
  public static final class Builder {
    private final List<UrlTemplate> start = new ArrayList<>();
    private ExtractRules rules = ExtractRules.defaults();
    private final List<RewriteRule> rewrites = new ArrayList<>();
    private final List<String> follows = new ArrayList<>();
    private String followTree;
    private Integer maxDepth;
    private List<Level> levels;
    private boolean fallback;
    private boolean followNext = true;
    private long maxPages = -1; // not set: pagers stop at DEFAULT_PAGER_PAGES
    private boolean spanHosts;
    private Path outDir = Path.of("imgs");
    private int concurrency = DEFAULT_CONCURRENCY;
    private Politeness politeness = Politeness.defaults().withPerHost(DEFAULT_PER_HOST);
    private String userAgent = USER_AGENT;
    private long maxFileSize = 100L << 20;
    private long maxPageSize = 10L << 20;
    private Duration requestTimeout = Duration.ofSeconds(120);
    private boolean refresh;
    private Path archive;
    private String storeUrl;
    private String crawlName;
    private Duration lease = Duration.ofSeconds(60);
    private String description = "";
    private RequestOptions request = RequestOptions.defaults();
    private final List<ExtraHeader> headers = new ArrayList<>();
    private final List<BrowserCookie> cookies = new ArrayList<>();
    private String browserCookies;
    private List<Path> browserRoots = List.of();
    private CrawlListener listener = new CrawlListener() {};
    private CrawlStore stateStore;
    private FilenameTemplate filenames = FilenameTemplate.defaults();
    private PictureFilters filters = PictureFilters.NONE;
    private boolean writeMetadata;
    private boolean contactSheet = true;
    private UrlList input;
    private boolean sitemaps;
    private boolean listOnly;

    private Builder() {}

    /**
     * Adds start listing pages: a URL, or a template with {@code {A..B}} or open-ended {@code
     * {A..}}. Only http and https.
     */
    public Builder start(String... urls) {
      for (String url : urls) {
        UrlTemplate t = UrlTemplate.parse(url);
        checkUrl(t.url(t.first()), url);
        start.add(t);
      }
      return this;
    }

    /**
     * What to look for on pages: the image selector and attributes apply to the last level, the
     * next selector to the start pages' level. Default {@link ExtractRules#defaults()}.
     */
    public Builder rules(ExtractRules rules) {
      this.rules = rules;
      return this;
    }

    /**
     * Adds a level: the links {@code selector} finds on the pages of the level before are followed
     * to pages of a new last level, where pictures are then looked for ({@code trawl get
     * --follow}). At most {@value #MAX_FOLLOW} follow levels. Default none: pictures are taken from
     * the start pages.
     */
    public Builder follow(String selector) {
      if (follows.size() == MAX_FOLLOW) {
        throw new IllegalArgumentException(
            "too many follow levels: " + (MAX_FOLLOW + 1) + " (at most " + MAX_FOLLOW + ")");
      }
      ExtractRules.checkSelector(selector);
      follows.add(selector);
      return this;
    }

    /**
     * Makes the start pages' level a tree: the links {@code selector} finds on its pages are
     * followed to more pages of the same level, one step deeper each time (album indexes,
     * categories, years, albums), up to {@link #maxDepth} steps from a start page; every page of
     * the tree is read with the same rules, for pictures (without {@link #follow}) or for links to
     * the next level, and paginated with the next selector. A page is fetched once however many
     * links lead to it, and links to other hosts are followed only with {@link #spanHosts}. Default
     * none ({@code trawl get --follow-tree}).
     *
     * <pre>{@code
     * Crawler.builder().start("https://photos.example/index.html")
     *     .followTree("#galleries a")                       // home -> years -> albums
     *     .rules(new ExtractRules("#media a", ExtractRules.DEFAULT_ATTRIBUTES, "nav.pagination a"))
     *     .build().run();
     * }</pre>
     */
    public Builder followTree(String selector) {
      ExtractRules.checkSelector(selector);
      this.followTree = selector;
      return this;
    }

    /**
     * The most tree links followed from a start page ({@link #followTree}), 1 to {@value
     * Level#MAX_DEPTH}. Default {@value Level#DEFAULT_MAX_DEPTH}.
     */
    public Builder maxDepth(int maxDepth) {
      this.maxDepth = Level.checkMaxDepth(maxDepth);
      return this;
    }

    /**
     * The levels written out in full (a recipe's {@code [[level]]} tables); replaces what {@link
     * #rules}, {@link #follow}, {@link #followTree}, {@link #maxDepth}, {@link #rewrite} and {@link
     * #fallback} would build.
     */
    public Builder levels(List<Level> levels) {
      this.levels = List.copyOf(levels);
      return this;
    }

    /** Adds a rewrite rule {@code REGEX=>REPLACEMENT}; rules apply in order. Default none. */
    public Builder rewrite(String spec) {
      rewrites.add(RewriteRule.parse(spec));
      return this;
    }

    /**
     * When the rewritten URL answers 404/410 or is not an image, download the URL as found. Default
     * false.
     */
    public Builder fallback(boolean fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Follow next-page links from plain start URLs (templates are their own pager). Default true.
     */
    public Builder followNext(boolean followNext) {
      this.followNext = followNext;
      return this;
    }

    /**
     * The most listing pages to fetch; 0 for no limit at all. Default: no limit on start pages, and
     * {@link #DEFAULT_PAGER_PAGES} on pages reached by pagers (next links, open ranges).
     */
    public Builder maxPages(long maxPages) {
      if (maxPages < 0) {
        throw new IllegalArgumentException("max pages < 0: " + maxPages);
      }
      this.maxPages = maxPages;
      return this;
    }

    /** Follow next-page links to other hosts than the start URLs'. Default false. */
    public Builder spanHosts(boolean spanHosts) {
      this.spanHosts = spanHosts;
      return this;
    }

    /** Where pictures go. Default {@code ./imgs}. */
    public Builder outDir(Path outDir) {
      this.outDir = outDir;
      return this;
    }

    /**
     * Requests in flight at once, 1 to {@value #MAX_CONCURRENCY}. Pictures waiting for their sync
     * to disk, at most as many again, do not count. Workers start as work appears, so memory
     * follows the work in flight, not this number. Default 16.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency not in 1.." + MAX_CONCURRENCY + ": " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Requests in flight to one host at once; a 429 or 503 halves it for that host, successes raise
     * it back. Default 8.
     */
    public Builder perHost(int perHost) {
      if (perHost < 1 || perHost > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "per-host not in 1.." + MAX_CONCURRENCY + ": " + perHost);
      }
      politeness = politeness.withPerHost(perHost);
      return this;
    }

    /** Obey robots.txt (and its Crawl-delay) for pages and images. Default true. */
    public Builder obeyRobots(boolean obey) {
      politeness = politeness.withObeyRobots(obey);
      return this;
    }

    /** The least time between two request starts to one host. Default 0. */
    public Builder delay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay < 0: " + delay);
      }
      politeness = politeness.withDelay(delay);
      return this;
    }

    /**
     * A random time between two request starts to one host, drawn uniformly from [{@code min},
     * {@code max}] for each start (gallery-dl's {@code --sleep 2.0-3.5}, wget's {@code
     * --random-wait}).
     */
    public Builder delay(Duration min, Duration max) {
      if (min.isNegative()) {
        throw new IllegalArgumentException("delay < 0: " + min);
      }
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("delay range ends before it starts: " + min + "-" + max);
      }
      politeness = politeness.withDelay(min, max);
      return this;
    }

    /**
     * Which Referer requests carry: {@code auto} (default: a picture the page it was found on, a
     * page the page that linked to it, a start URL none), {@code none}, or a URL for every request.
     * Never from an https page to an http URL.
     */
    public Builder referer(String spec) {
      request = request.withReferer(RefererPolicy.parse(spec));
      return this;
    }

    /**
     * Adds a header to every request: {@code Name: value}. {@code Authorization}, {@code Cookie}
     * and {@code Proxy-Authorization} go only to the start URLs' hosts, never after a redirect that
     * left the host, and are never recorded or shown. Default none.
     *
     * @throws IllegalArgumentException naming the header (not its value): no colon, a bad name, CR
     *     or LF in the value
     */
    public Builder header(String line) {
      headers.add(ExtraHeader.parse(line));
      return this;
    }

    /**
     * Adds the cookies of a Netscape cookies.txt; each goes only where its domain, path and secure
     * flag allow, expired ones are dropped. Cookies sites set are kept in memory for the run.
     *
     * @throws IllegalArgumentException naming the file (and line) when it is missing, unreadable, a
     *     JSON export or malformed
     */
    public Builder cookies(Path cookiesTxt) {
      cookies.addAll(NetscapeCookies.read(cookiesTxt, Instant.now()));
      return this;
    }

    /**
     * Adds the cookies of a Firefox profile: {@code firefox} (the profile whose cookies changed
     * last), {@code firefox:NAME} or {@code firefox:/path/to/profile}; read when the crawler is
     * built, through a copy in the out dir's temp dir that is deleted at once.
     *
     * @throws IllegalArgumentException (from {@link #build()}) for another browser or a profile not
     *     found, listing where it looked
     */
    public Builder cookiesFromBrowser(String spec) {
      return cookiesFromBrowser(
          spec, FirefoxCookies.defaultRoots(System.getProperty("user.home"), System.getenv()));
    }

    /** {@link #cookiesFromBrowser(String)} looking for profiles in {@code roots}. */
    public Builder cookiesFromBrowser(String spec, List<Path> roots) {
      FirefoxCookies.profile(spec, roots); // a bad browser or a missing profile: say so now
      this.browserCookies = spec;
      this.browserRoots = List.copyOf(roots);
      return this;
    }

    /** Adds cookies read elsewhere (a browser profile, say). */
    public Builder cookies(List<BrowserCookie> more) {
      cookies.addAll(more);
      return this;
    }

    /**
     * Every request through this proxy: {@code http://}, {@code https://}, {@code socks5://} or
     * {@code socks5h://HOST[:PORT]}, with optional {@code user:password@}; {@code none} for none.
     * Hosts {@code noProxy} lists (comma-separated, may be null) are reached directly. Default: no
     * proxy (the command line reads the environment's {@code https_proxy} and friends, see {@link
     * #proxyEnvironment}).
     */
    public Builder proxy(String url, String noProxy) {
      request = request.withProxies(Proxies.of(url, noProxy));
      return this;
    }

    /**
     * Proxies from {@code https_proxy}, {@code http_proxy}, {@code all_proxy}, {@code no_proxy}.
     */
    public Builder proxyEnvironment(Map<String, String> env) {
      request = request.withProxies(Proxies.fromEnvironment(env));
      return this;
    }

    /** Accept any certificate for any host name (wget's --no-check-certificate). Default false. */
    public Builder noCheckCertificate(boolean noCheck) {
      request = request.withTls(noCheck ? TlsTrust.checkNothing() : TlsTrust.defaults());
      return this;
    }

    /** Trust the CAs of a PEM file besides the JDK's trust store. */
    public Builder caCertificate(Path pem) {
      request = request.withTls(TlsTrust.withCaFile(pem));
      return this;
    }

    /** The most body bytes per second of the whole crawl; 0 (default) for no cap. */
    public Builder limitRate(long bytesPerSecond) {
      if (bytesPerSecond < 1) {
        throw new IllegalArgumentException("limit-rate < 1 byte/s: " + bytesPerSecond);
      }
      request = request.withLimitRate(bytesPerSecond);
      return this;
    }

    /** Retries of a retryable failure (connect, reset, timeout, 429, 5xx). Default 4. */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries < 0: " + retries);
      }
      politeness = politeness.withRetries(retries);
      return this;
    }

    /** The longest Retry-After honoured; a longer one ends the retries. Default 120 s. */
    public Builder maxRetryAfter(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("max retry-after < 0: " + max);
      }
      politeness = politeness.withMaxRetryAfter(max);
      return this;
    }

    /** The longest robots.txt Crawl-delay honoured. Default 10 s. */
    public Builder maxCrawlDelay(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("max crawl-delay < 0: " + max);
      }
      politeness = politeness.withMaxCrawlDelay(max);
      return this;
    }

    /** Backoff between retries: full jitter from {@code base} doubling up to {@code cap}. */
    public Builder backoff(Duration base, Duration cap) {
      politeness = politeness.withBackoff(base, cap);
      return this;
    }

    /** Default {@link #USER_AGENT}. */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isBlank() || userAgent.contains("\n")) {
        throw new IllegalArgumentException("bad user agent: '" + userAgent + "'");
      }
      this.userAgent = userAgent;
      return this;
    }

    /** The largest picture to save, in bytes. Default 100 MiB. */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max file size < 1: " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /** The longest a request may take, body included. Default 120 s. */
    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Revisit listing pages already read, with If-None-Match / If-Modified-Since: a 304 costs no
     * parsing and only new works are downloaded. Default false.
     */
    public Builder refresh(boolean refresh) {
      this.refresh = refresh;
      return this;
    }

    /**
     * A download archive shared across out dirs and runs: image URLs and content hashes recorded
     * there are skipped. Default none.
     */
    public Builder archive(Path archive) {
      this.archive = archive;
      return this;
    }

    /**
     * Where the crawl state lives: null (default) for SQLite in {@code OUT/.trawl/state.db}, or a
     * PostgreSQL URL ({@code postgresql://HOST[:PORT]/DB?user=U&password=P} or {@code
     * jdbc:postgresql:...}) shared by many workers.
     */
    public Builder store(String url) {
      this.storeUrl = url == null || url.isBlank() ? null : url;
      return this;
    }

    /** The name of a crawl shared through a PostgreSQL store. Default: from the start URLs. */
    public Builder crawlName(String name) {
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("blank crawl name");
      }
      this.crawlName = name;
      return this;
    }

    /** How long a worker's claim on an item lasts unless renewed. Default 60 s. */
    public Builder lease(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease <= 0: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** Recorded with the run in the state (the CLI stores its arguments, for retry). */
    public Builder description(String description) {
      this.description = description == null ? "" : description;
      return this;
    }

    /**
     * Keep the crawl state in this store instead of the one {@link #store(String)} names; the
     * caller closes it.
     */
    public Builder stateStore(CrawlStore store) {
      this.stateStore = store;
      return this;
    }

    /**
     * How saved pictures are named: a template such as {@code {host}/{page_title}/{n:03}.{ext}}
     * ({@code /} makes folders; fields in {@link FilenameTemplate}). Default {@value
     * FilenameTemplate#DEFAULT}, the URL's last segment.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    public Builder filename(String template) {
      this.filenames = FilenameTemplate.parse(template);
      return this;
    }

    /**
     * Which pictures are kept; the others are recorded as skipped with the reason. Default: all.
     */
    public Builder filters(PictureFilters filters) {
      this.filters = java.util.Objects.requireNonNull(filters, "filters == null");
      return this;
    }

    /** Write {@code FILE.json} beside each saved picture ({@link Sidecar}). Default false. */
    public Builder writeMetadata(boolean writeMetadata) {
      this.writeMetadata = writeMetadata;
      return this;
    }

    /** Rewrite the contact sheet {@code OUT/index.html} at the end of every run. Default true. */
    public Builder contactSheet(boolean contactSheet) {
      this.contactSheet = contactSheet;
      return this;
    }

    /** Receives every event; must be thread-safe and must not block. */
    public Builder listener(CrawlListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Also start from the URLs of a list, streamed into the crawl state: a URL that looks like a
     * picture (by its extension) is downloaded as one, any other is read as a start page (and one
     * that answers with a picture is downloaded as one). Lines that are not http(s) URLs are
     * skipped and reported. Default none.
     */
    public Builder input(UrlList input) {
      this.input = input;
      return this;
    }

    /** Also start from the sitemaps the start hosts' robots.txt name. Default false. */
    public Builder sitemaps(boolean sitemaps) {
      this.sitemaps = sitemaps;
      return this;
    }

    /**
     * List the pictures the crawl would download ({@link CrawlListener#imageListed}) instead of
     * downloading them: pages are fetched, nothing is written under the out dir, the state lives in
     * memory. Not with a shared {@link #store}. Default false.
     */
    public Builder listOnly(boolean listOnly) {
      this.listOnly = listOnly;
      return this;
    }

    /**
     * The browser's cookies, read through a copy in the out dir's temp dir; a dry run writes
     * nothing under the out dir, so its copy goes to an owner-only temp dir of the system.
     */
    private List<BrowserCookie> readBrowserCookies() {
      if (!listOnly) {
        return FirefoxCookies.read(
            browserCookies, browserRoots, outDir.resolve(".trawl").resolve("tmp"), Instant.now());
      }
      Path scratch;
      try {
        scratch = Files.createTempDirectory("trawl-cookies");
      } catch (IOException e) {
        throw new CrawlException(
            "cannot make a temp dir for the browser's cookies: " + e.getMessage(), e);
      }
      try {
        return FirefoxCookies.read(browserCookies, browserRoots, scratch, Instant.now());
      } finally {
        try {
          Files.deleteIfExists(scratch);
        } catch (IOException e) {
          // an empty dir left in the system's temp dir
        }
      }
    }

    public Crawler build() {
      if (listOnly && storeUrl != null) {
        throw new IllegalArgumentException(
            "a dry run (--get-urls) keeps no crawl state: not with --store");
      }
      List<BrowserCookie> all = new ArrayList<>(cookies);
      if (browserCookies != null) {
        all.addAll(readBrowserCookies());
      }
      CrawlConfig config =
          new CrawlConfig(
              start,
              levels != null ? levels : shorthandLevels(),
              followNext,
              maxPages < 0 ? 0 : maxPages,
              maxPages < 0 ? DEFAULT_PAGER_PAGES : 0,
              spanHosts,
              outDir,
              concurrency,
              politeness,
              userAgent,
              maxFileSize,
              maxPageSize,
              requestTimeout,
              refresh,
              archive,
              storeUrl,
              crawlName != null ? crawlName : defaultCrawlName(start, input),
              lease,
              description,
              filenames,
              filters,
              writeMetadata,
              contactSheet,
              request.withHeaders(headers).withCookies(all),
              input,
              sitemaps,
              listOnly);
      return new Crawler(config, listener, stateStore);
    }

    private List<Level> shorthandLevels() {
      if (maxDepth != null && followTree == null) {
        throw new IllegalArgumentException(
            "max depth " + maxDepth + " without a tree to follow (--follow-tree)");
      }
      List<Level> built = levelsOf(rules, follows, new UrlRewriter(rewrites), fallback);
      if (followTree == null) {
        return built;
      }
      List<Level> levels = new ArrayList<>(built);
      Level first = levels.get(0);
      levels.set(
          0,
          new Level(
              first.name(),
              first.rules().withTreeSelector(followTree),
              first.rewriter(),
              first.fallback(),
              maxDepth != null ? maxDepth : Level.DEFAULT_MAX_DEPTH));
      return levels;
    }

    /**
     * The shorthand's levels: the start pages follow the first selector and paginate with the
     * rules' next selector; each further selector adds a level; the last level takes the pictures.
     */
    static List<Level> levelsOf(
        ExtractRules rules, List<String> follows, UrlRewriter rewriter, boolean fallback) {
      if (follows.isEmpty()) {
        return List.of(new Level("listing", rules, rewriter, fallback));
      }
      List<Level> levels = new ArrayList<>();
      List<String> attrs = rules.imageAttributes();
      for (int i = 0; i < follows.size(); i++) {
        String next = i == 0 ? rules.nextSelector() : null;
        levels.add(
            Level.of(
                Level.defaultName(i, follows.size() + 1),
                new ExtractRules(null, attrs, next, follows.get(i))));
      }
      levels.add(
          new Level(
              Level.defaultName(follows.size(), follows.size() + 1),
              new ExtractRules(rules.imageSelector(), attrs, null, null),
              rewriter,
              fallback));
      return levels;
    }

    private static String defaultCrawlName(List<UrlTemplate> start, UrlList input) {
      String name =
          start.stream().map(UrlTemplate::pattern).reduce((a, b) -> a + " " + b).orElse("");
      return input == null ? name : (name + " -i " + input.name()).strip();
    }

    private static void checkUrl(String url, String as) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad URL: " + Proxies.masked(as));
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "unsupported URL (only http and https): " + Proxies.masked(as));
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("URL without host: " + Proxies.masked(as));
      }
      if (uri.getRawUserInfo() != null) {
        // a password in a URL would be recorded with every page; headers keep it out of the state
        throw new IllegalArgumentException(
            "URL with user:password@ (give --header 'Authorization: Basic ...' instead): "
                + Proxies.masked(as));
      }
    }
  }
}
