package dev.trawl;

import dev.trawl.DetectedGallery.Decision;
import dev.trawl.DetectedGallery.LevelSpec;
import dev.trawl.aio.CancelledException;
import dev.trawl.extract.AlbumCards;
import dev.trawl.extract.ExtractRules;
import dev.trawl.extract.GalleryDetector;
import dev.trawl.extract.ItemGroup;
import dev.trawl.extract.ListingDetection;
import dev.trawl.extract.MainPicture;
import dev.trawl.extract.PageExtractor;
import dev.trawl.extract.Pager;
import dev.trawl.extract.ThumbnailNames;
import dev.trawl.fetch.FailureReason;
import dev.trawl.fetch.FetchFailedException;
import dev.trawl.fetch.HttpFetcher;
import dev.trawl.fetch.PoliteFetcher;
import dev.trawl.fetch.Response;
import dev.trawl.internal.ProxyCheck;
import dev.trawl.store.ImageType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the gallery on a start page and how to reach its full-size pictures, with no selector
 * given: the pure {@link GalleryDetector} scores the page, and a few bounded probes (work pages,
 * candidate originals) go through the fetch stage like any request, so robots.txt, politeness and
 * retries apply. At most {@link #MAX_REQUESTS} requests, robots.txt included.
 *
 * <p>A thumbnail name mapped to its original ({@code -300x200}, {@code /thumb/.../120px-}, ...) is
 * used only once fetching the mapped URL gave a picture; the crawl then keeps the URL as found when
 * a mapped one is missing ({@code fallback}).
 *
 * <pre>{@code
 * DetectedGallery g = GalleryInspector.inspect(url, crawler.config(), line -> err.println(line));
 * }</pre>
 */
public final class GalleryInspector {
  /** The most requests one inspection makes, robots.txt included. */
  public static final int MAX_REQUESTS = 10;

  private static final int WORK_PAGES = 3;
  private static final int ALBUMS = 3;
  // requests kept for probing the albums' originals once their pages are read
  private static final int ORIGINALS_RESERVE = 3;
  private static final int HEAD_BYTES = 64;

  private final CrawlConfig config;
  private final PoliteFetcher fetcher;
  private final Consumer<Decision> decisions;
  private final List<Decision> taken = new ArrayList<>();
  private final Set<String> hosts = new HashSet<>();
  private final Map<String, Page> pages = new HashMap<>(); // each page is fetched once
  private int requests;
  private boolean holding; // decisions on an album are shown once the albums agree
  private String notTree = "";

  private GalleryInspector(CrawlConfig config, PoliteFetcher fetcher, Consumer<Decision> out) {
    this.config = config;
    this.fetcher = fetcher;
    this.decisions = out;
  }

  /**
   * Inspects {@code url} with the fetch settings of {@code config} (user agent, politeness,
   * timeout, page size, cookies, headers, proxy, TLS).
   *
   * @param decisions receives each decision as it is taken (for stderr lines)
   * @throws NoGalleryException when the page shows no gallery trawl is confident of
   * @throws CrawlException when the start page cannot be read, is empty, answers 4xx/5xx or is not
   *     HTML
   * @throws CancelledException when interrupted
   */
  public static DetectedGallery inspect(
      String url, CrawlConfig config, Consumer<Decision> decisions) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(config, "config == null");
    ProxyCheck.reachable(config); // an unreachable proxy is fatal, as for the crawl
    // the crawl's request shaping (cookies, headers, proxy, TLS); secret headers for this host only
    try (HttpFetcher http =
        new HttpFetcher(settings(config), config.request(), Set.of(host(url)))) {
      return new GalleryInspector(config, new PoliteFetcher(http, config.politeness()), decisions)
          .run(url);
    } catch (IOException e) {
      throw new CrawlException("cannot close the HTTP client: " + e.getMessage(), e);
    }
  }

  private static HttpFetcher.Settings settings(CrawlConfig c) {
    HttpFetcher.Settings d = HttpFetcher.Settings.defaults(c.userAgent());
    return new HttpFetcher.Settings(
        c.userAgent(),
        4,
        2,
        d.connectTimeout(),
        d.readTimeout(),
        c.requestTimeout(),
        d.maxRedirects());
  }

  private record Page(int status, String url, String contentType, byte[] body) {}

  private DetectedGallery run(String url) {
    Page start;
    try {
      start = fetchPage(url);
    } catch (IOException e) {
      throw new CrawlException("start page unreachable: " + url + " (" + reason(e) + ")", e);
    }
    if (start == null) {
      throw new CrawlException("start page unreachable: " + url + " (request budget spent)");
    }
    if (start.status() >= 400) {
      throw new CrawlException("start page " + url + " answered HTTP " + start.status());
    }
    if (start.body().length == 0) {
      throw new CrawlException("start page " + url + " is empty");
    }
    String type = mediaType(start.contentType());
    if (isJson(type)) {
      throw new NoGalleryException(url, "none: the page is JSON; give --select with JSONPath");
    }
    if (!isHtml(type, start.body())) {
      throw new CrawlException(
          "start page " + url + " is not HTML (" + (type.isEmpty() ? "no type" : type) + ")");
    }
    ListingDetection listing =
        GalleryDetector.detectListing(start.url(), start.body(), start.contentType());
    ItemGroup g = listing.gallery();
    AlbumCards cards = listing.cards();
    String tried = "";
    if (cards != null
        && (g == null || g.reach() != ItemGroup.Reach.PICTURE_LINK && cards.hold(g))) {
      // the page's pictures, if any, are the covers of album cards: look behind a few of them
      // (behind covers leading to work pages, only the pages the work-page probe reads anyway)
      boolean workPages = g != null && g.reach() == ItemGroup.Reach.WORK_PAGE;
      DetectedGallery tree =
          viaAlbums(
              url,
              start,
              cards,
              workPages
                  ? g.items().stream().map(ItemGroup.Item::link).distinct().toList()
                  : cards.links(),
              !workPages);
      if (tree != null) {
        return tree;
      }
      tried = "; album cards " + cards.describe() + ": " + notTree;
    }
    if (g == null) {
      ItemGroup guess = listing.bestGuess();
      throw new NoGalleryException(
          url,
          (guess == null
                  ? "no pictures"
                  : guess.describe() + ", score " + round(guess.score()) + " " + guess.reasons())
              + tried);
    }
    List<LevelSpec> levels = gallery(g);

    List<String> urls = new ArrayList<>(List.of(url));
    String next = null;
    Pager p = listing.pager();
    if (p == null) {
      decide("pager", "none found; the start page is the only listing page");
    } else if (p.template() != null) {
      urls.add(p.template());
      decide(
          "pager",
          p.evidence()
              + " -> "
              + p.template()
              + " (stops at a 404 or a page adding no new picture)");
    } else {
      next = p.selector();
      decide("pager", p.evidence() + ": " + p.selector() + " (e.g. " + p.next() + ")");
    }
    return new DetectedGallery(url, urls, next, levels, taken, requests);
  }

  /** Decides the items and how to reach their originals; the levels, listing first. */
  private List<LevelSpec> gallery(ItemGroup g) {
    decide(
        "items",
        g.describe() + " (" + String.join(", ", g.reasons()) + "; e.g. " + example(g) + ")");
    return switch (g.reach()) {
      case PICTURE_LINK -> viaPictureLinks(g);
      case WORK_PAGE -> viaWorkPages(g);
      case THUMBNAIL -> List.of(viaThumbnails(g));
    };
  }

  // ---------------------------------------------------------------- album cards

  private record Album(Page page, ListingDetection detection) {}

  /**
   * Reads up to {@value #ALBUMS} of the pages the cards lead to ({@code links}: first, last,
   * middle; with {@code throughHubs}, a page of cards in between is passed through to its first
   * card not read yet) and, when at least two show the same gallery (and the same pager, if any),
   * the crawl of the tree: the cards followed level after level, every page read with the first
   * album's gallery. Null, with {@link #notTree} saying why, when they do not.
   */
  private DetectedGallery viaAlbums(
      String url, Page home, AlbumCards cards, List<String> links, boolean throughHubs) {
    List<String> queue = new ArrayList<>(spread(links));
    Set<String> seen = new HashSet<>(List.of(home.url()));
    List<Page> hubs = new ArrayList<>();
    List<Album> albums = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    while (!queue.isEmpty() && albums.size() < ALBUMS) {
      String link = queue.remove(0);
      if (!seen.add(link)) {
        continue;
      }
      if (!pages.containsKey(link) && requests + 1 > MAX_REQUESTS - ORIGINALS_RESERVE) {
        notes.add("request budget spent");
        break;
      }
      Page page = readHtml(link);
      if (page == null) {
        notes.add(link + " could not be read");
        continue;
      }
      ListingDetection d =
          GalleryDetector.detectListing(page.url(), page.body(), page.contentType());
      ItemGroup g = d.gallery();
      AlbumCards below =
          GalleryDetector.cardsAt(page.url(), page.body(), page.contentType(), cards.selectors());
      Set<String> shown = new HashSet<>(below == null ? Set.of() : below.thumbnails());
      if (g != null) {
        g.items().forEach(i -> shown.add(i.thumbnail()));
      }
      if (cards.cardsShowing(shown) > 1) {
        notes.add(link + " shows the covers of other cards (a page of siblings, not an album)");
      } else if (below != null && (g == null || below.hold(g))) {
        // a year of albums leads on to albums of its own; a film strip back to the start's cards
        String deeper =
            below.links().stream()
                .filter(l -> !seen.contains(l) && !cards.links().contains(l))
                .findFirst()
                .orElse(null);
        if (!throughHubs) {
          notes.add(link + " is a page of cards");
        } else if (deeper == null) {
          notes.add(link + " leads only to pages the start page's cards lead to");
        } else {
          hubs.add(page);
          queue.add(0, deeper);
        }
      } else if (g != null) {
        albums.add(new Album(page, d));
      } else {
        notes.add(link + " shows no gallery");
      }
    }
    String agreement = notes.isEmpty() ? agreement(albums) : String.join(", ", notes);
    if (agreement != null) {
      notTree = agreement;
      return null;
    }
    Album first = albums.get(0);
    List<LevelSpec> levels = null;
    holding = true; // nothing is decided yet: the album's decisions are shown if the tree holds
    try {
      levels = new ArrayList<>(gallery(first.detection().gallery()));
    } catch (NoGalleryException e) {
      notTree = "the first album, " + e.bestGuess();
    } finally {
      holding = false;
    }
    List<Decision> held = List.copyOf(taken);
    taken.clear();
    if (levels == null) {
      return null;
    }
    List<Page> cardPages = new ArrayList<>(List.of(home));
    cardPages.addAll(hubs);
    LevelSpec top = quiet(levels.get(0), first.page(), cardPages);
    String tree = treeSelector(cards, hubs, albums);
    if (top == null || tree == null) {
      notTree =
          top == null
              ? "no selector for the albums' pictures that takes nothing on the pages of cards"
              : "no selector for the cards that leaves the albums' pictures alone";
      return null;
    }
    levels.set(0, top);
    List<String> read = albums.stream().map(a -> a.page().url()).toList();
    Pager p = albumPager(albums);
    String next = p == null ? null : p.selector();
    decide(
        "albums",
        cards.describe()
            + " (album cards: same-site pages, no pictures of their own; "
            + read.size()
            + " albums read show the same gallery"
            + (hubs.isEmpty() ? "" : ", through " + hubs.size() + " pages of cards")
            + ": "
            + String.join(", ", read)
            + "): --follow-tree '"
            + tree
            + (top.follow() != null ? "' --follow '" + top.follow() : "")
            + "' --select '"
            + levels.get(levels.size() - 1).select()
            + (next == null ? "" : "' --next '" + next)
            + "'");
    held.forEach(d -> decide(d.topic(), d.text()));
    if (p == null) {
      decide("pager", "no next-page link found on the albums read; each album is one page");
    } else {
      decide(
          "pager", p.evidence() + " on the albums: " + p.selector() + " (e.g. " + p.next() + ")");
    }
    return new DetectedGallery(url, List.of(url), next, tree, levels, taken, requests);
  }

  /** Null when the albums show the same gallery and pager, else what differs. */
  private static String agreement(List<Album> albums) {
    if (albums.size() < 2) {
      return albums.size() + " album" + (albums.size() == 1 ? "" : "s") + " with a gallery read";
    }
    ItemGroup a = albums.get(0).detection().gallery();
    for (Album other : albums.subList(1, albums.size())) {
      ItemGroup b = other.detection().gallery();
      if (a.reach() != b.reach()
          || !a.imageSelector().equals(b.imageSelector())
          || !Objects.equals(a.linkSelector(), b.linkSelector())) {
        return "the albums show different galleries ("
            + albums.get(0).page().url()
            + ": "
            + a.describe()
            + ", "
            + other.page().url()
            + ": "
            + b.describe()
            + ")";
      }
    }
    Set<String> pagers = new HashSet<>();
    for (Album x : albums) {
      Pager p = linkPager(x.detection().pager());
      if (p != null) {
        pagers.add(p.selector());
      }
    }
    return pagers.size() > 1 ? "the albums show different pagers " + pagers : null;
  }

  private static Pager linkPager(Pager p) {
    return p == null || p.selector() == null ? null : p;
  }

  private static Pager albumPager(List<Album> albums) {
    for (Album a : albums) {
      if (linkPager(a.detection().pager()) != null) {
        return a.detection().pager();
      }
    }
    return null;
  }

  /**
   * The first level's selector (pictures, or links to work pages), narrowed until it takes nothing
   * on the pages of cards (the tree reads them with the same rules); null when no form does.
   */
  private static LevelSpec quiet(LevelSpec level, Page album, List<Page> cardPages) {
    boolean follows = level.follow() != null;
    String css = follows ? level.follow() : level.select();
    for (String scoped :
        GalleryDetector.scopes(css, album.url(), album.body(), album.contentType())) {
      LevelSpec l =
          follows
              ? new LevelSpec(scoped, null, level.attr(), level.rewrite(), level.fallback())
              : new LevelSpec(null, scoped, level.attr(), level.rewrite(), level.fallback());
      ExtractRules rules =
          new ExtractRules(
              l.select(),
              l.attr().isEmpty() ? ExtractRules.DEFAULT_ATTRIBUTES : l.attr(),
              null,
              l.follow());
      if (cardPages.stream()
          .map(p -> new PageExtractor(rules).extract(p.url(), p.body(), p.contentType()))
          .allMatch(e -> e.images().isEmpty() && e.followed().isEmpty())) {
        return l;
      }
    }
    return null;
  }

  /**
   * The first of the cards' selectors that finds cards on every page of cards read and, on the
   * albums, only links to pages (never a picture file, never the album's own items).
   */
  private static String treeSelector(AlbumCards cards, List<Page> hubs, List<Album> albums) {
    for (String css : cards.selectors()) {
      boolean ok = hubs.stream().noneMatch(h -> links(h, css).isEmpty());
      for (Album a : albums) {
        Set<String> own = new HashSet<>();
        a.detection().gallery().items().forEach(i -> own.add(i.link()));
        ok &=
            links(a.page(), css).stream()
                .noneMatch(l -> ThumbnailNames.isPictureFile(l) || own.contains(l));
      }
      if (ok) {
        return css;
      }
    }
    return null;
  }

  private static List<String> links(Page p, String css) {
    ExtractRules rules = new ExtractRules(null, ExtractRules.DEFAULT_ATTRIBUTES, null, css);
    return new PageExtractor(rules).extract(p.url(), p.body(), p.contentType()).followed();
  }

  /** The first, last and middle of the links, without repeats. */
  private static List<String> spread(List<String> links) {
    List<String> out = new ArrayList<>();
    for (int i : new int[] {0, links.size() - 1, links.size() / 2}) {
      if (out.size() < ALBUMS && !out.contains(links.get(i))) {
        out.add(links.get(i));
      }
    }
    return out;
  }

  /** The HTML page at {@code url}, or null when it cannot be read or is not a page. */
  private Page readHtml(String url) {
    try {
      Page page = fetchPage(url);
      return page != null
              && page.status() < 400
              && isHtml(mediaType(page.contentType()), page.body())
          ? page
          : null;
    } catch (IOException e) {
      return null; // a probe that fails says nothing; the others decide
    }
  }

  private List<LevelSpec> viaPictureLinks(ItemGroup g) {
    String sample = g.items().get(0).link();
    Probe probe = probePicture(sample);
    if (probe == Probe.PAGE) {
      decide(
          "originals",
          "the items' links answer with pages, not pictures: reading them as work pages");
      return viaWorkPages(g);
    }
    List<String> links = g.items().stream().map(ItemGroup.Item::link).toList();
    Mapping m = confirmMapping(links);
    String how =
        "each item links its picture file: "
            + g.linkSelector()
            + " "
            + g.linkAttribute()
            + " ("
            + (probe == Probe.PICTURE ? "a picture, fetched: " : "e.g. ")
            + sample
            + ")";
    decide("originals", how + (m == null ? "" : "; " + m.evidence));
    return List.of(
        new LevelSpec(
            null,
            g.linkSelector(),
            List.of(g.linkAttribute()),
            m == null ? List.of() : List.of(m.rewrite),
            m != null));
  }

  private LevelSpec viaThumbnails(ItemGroup g) {
    List<String> thumbs = g.items().stream().map(ItemGroup.Item::thumbnail).toList();
    Mapping m = confirmMapping(thumbs);
    List<String> attr = attributes(g.attribute());
    if (m == null) {
      decide(
          "originals",
          "no links and no known thumbnail name with an original behind it: the largest source"
              + " each item declares ("
              + g.attribute()
              + ", e.g. "
              + thumbs.get(0)
              + ")");
      return new LevelSpec(null, g.imageSelector(), attr, List.of(), false);
    }
    decide("originals", "the thumbnails' " + m.evidence);
    return new LevelSpec(null, g.imageSelector(), attr, List.of(m.rewrite), true);
  }

  private List<LevelSpec> viaWorkPages(ItemGroup g) {
    List<String> links = new ArrayList<>();
    for (ItemGroup.Item item : g.items()) {
      if (!links.contains(item.link())) {
        links.add(item.link());
      }
    }
    List<String> probes = new ArrayList<>();
    for (int i : new int[] {0, links.size() - 1, links.size() / 2}) {
      if (probes.size() < WORK_PAGES && !probes.contains(links.get(i))) {
        probes.add(links.get(i));
      }
    }
    List<List<MainPicture>> found = new ArrayList<>();
    List<String> read = new ArrayList<>();
    for (String link : probes) {
      try {
        Page page = fetchPage(link);
        if (page != null
            && page.status() < 400
            && isHtml(mediaType(page.contentType()), page.body())) {
          found.add(GalleryDetector.detectWork(page.url(), page.body(), page.contentType()));
          read.add(link);
        }
      } catch (IOException e) {
        // a probe that fails says nothing; the others decide
      }
    }
    if (found.isEmpty()) {
      throw new NoGalleryException(
          g.items().get(0).link(), g.describe() + " linking pages that could not be read");
    }
    String follow = g.linkSelector();
    LevelSpec first = new LevelSpec(follow, null, List.of(), List.of(), false);
    MainPicture chosen = null;
    Mapping mapping = null;
    // strongest first; a largest picture whose thumbnail name leads to a confirmed original
    // beats a download link (it keeps picture names), a download link must answer a picture
    for (MainPicture.Source source : MainPicture.Source.values()) {
      for (MainPicture candidate : found.get(0)) {
        if (candidate.source() != source || !onEveryPage(candidate, found)) {
          continue;
        }
        if (source == MainPicture.Source.DOWNLOAD_LINK) {
          MainPicture largest = consistent(found, MainPicture.Source.LARGEST_IMAGE);
          if (largest != null) {
            Mapping m = confirmMapping(urlsOf(largest, found));
            if (m != null) {
              chosen = largest;
              mapping = m;
              break;
            }
          }
          if (probePicture(candidate.url()) != Probe.PICTURE) {
            continue;
          }
        }
        if (source == MainPicture.Source.LARGEST_IMAGE || source == MainPicture.Source.OG_IMAGE) {
          mapping = confirmMapping(urlsOf(candidate, found));
        }
        chosen = candidate;
        break;
      }
      if (chosen != null) {
        break;
      }
    }
    if (chosen == null) {
      throw new NoGalleryException(
          g.items().get(0).link(),
          g.describe() + " linking work pages that show no picture in common");
    }
    String pages = read.size() + " of " + probes.size() + " work pages read";
    decide(
        "originals",
        "via work pages ("
            + follow
            + ") -> "
            + chosen.selector()
            + " "
            + chosen.attribute()
            + ", "
            + chosen.evidence()
            + " on "
            + pages
            + " (e.g. "
            + chosen.url()
            + ")"
            + (mapping == null ? "" : "; " + mapping.evidence));
    List<String> attr =
        chosen.source() == MainPicture.Source.LARGEST_IMAGE
            ? attributes(chosen.attribute())
            : List.of(chosen.attribute());
    LevelSpec second =
        new LevelSpec(
            null,
            chosen.selector(),
            attr,
            mapping == null ? List.of() : List.of(mapping.rewrite),
            mapping != null);
    return List.of(first, second);
  }

  private static boolean onEveryPage(MainPicture candidate, List<List<MainPicture>> found) {
    for (List<MainPicture> page : found) {
      boolean here = false;
      for (MainPicture p : page) {
        here |=
            p.source() == candidate.source()
                && p.selector().equals(candidate.selector())
                && p.attribute().equals(candidate.attribute());
      }
      if (!here) {
        return false;
      }
    }
    return true;
  }

  private static MainPicture consistent(List<List<MainPicture>> found, MainPicture.Source source) {
    for (MainPicture p : found.get(0)) {
      if (p.source() == source && onEveryPage(p, found)) {
        return p;
      }
    }
    return null;
  }

  private static List<String> urlsOf(MainPicture candidate, List<List<MainPicture>> found) {
    List<String> urls = new ArrayList<>();
    for (List<MainPicture> page : found) {
      for (MainPicture p : page) {
        if (p.selector().equals(candidate.selector()) && p.source() == candidate.source()) {
          urls.add(p.url());
        }
      }
    }
    return urls;
  }

  private static List<String> attributes(String first) {
    List<String> out = new ArrayList<>();
    out.add(first);
    for (String a : ExtractRules.DEFAULT_ATTRIBUTES) {
      if (!out.contains(a)) {
        out.add(a);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- thumbnail names

  private record Mapping(String rewrite, String evidence) {}

  /**
   * The first known thumbnail naming whose mapped URL answered with a picture, for the first URL
   * and (when the budget allows) a second one; null when none did.
   */
  private Mapping confirmMapping(List<String> urls) {
    if (urls.isEmpty()) {
      return null;
    }
    List<ThumbnailNames.Guess> guesses = ThumbnailNames.guesses(urls.get(0));
    for (ThumbnailNames.Guess guess : guesses.subList(0, Math.min(2, guesses.size()))) {
      if (probePicture(guess.original()) != Probe.PICTURE) {
        continue;
      }
      int confirmed = 1;
      int tried = 1;
      for (String other : urls.subList(1, urls.size())) {
        String mapped = guess.rewrite().apply(other);
        if (mapped.equals(other) || mapped.equals(guess.original())) {
          continue;
        }
        tried++;
        if (probePicture(mapped) == Probe.PICTURE) {
          confirmed++;
        }
        break;
      }
      if (confirmed < tried) {
        continue;
      }
      String spec = guess.rewrite().toString();
      return new Mapping(
          spec,
          "thumbnail names of "
              + guess.software()
              + " lead to originals, confirmed by fetching "
              + confirmed
              + " of "
              + tried
              + " (e.g. "
              + guess.original()
              + "): rewrite '"
              + spec
              + "', falling back to the URL as found");
    }
    return null;
  }

  // ---------------------------------------------------------------- fetching

  private enum Probe {
    PICTURE,
    PAGE,
    NEITHER,
    NOT_TRIED
  }

  private boolean spend(String url) {
    String host = host(url);
    int cost = config.politeness().obeyRobots() && !hosts.contains(host) ? 2 : 1;
    if (requests + cost > MAX_REQUESTS) {
      return false;
    }
    requests += cost;
    hosts.add(host);
    return true;
  }

  private Page fetchPage(String url) throws IOException {
    Page read = pages.get(url);
    if (read != null || !spend(url)) {
      return read;
    }
    Page page =
        fetcher
            .get(
                url,
                Map.of(),
                config.maxPageSize(),
                r -> new Page(r.status(), r.finalUrl(), r.contentType(), readAll(r)))
            .value();
    pages.put(url, page);
    return page;
  }

  private static byte[] readAll(Response r) throws IOException {
    try (InputStream in = r.body()) {
      return in.readAllBytes();
    }
  }

  private Probe probePicture(String url) {
    if (!spend(url)) {
      return Probe.NOT_TRIED;
    }
    try {
      return fetcher
          .get(
              url,
              Map.of(),
              config.maxFileSize(),
              r -> {
                if (!r.isSuccess()) {
                  return Probe.NEITHER;
                }
                byte[] head = r.body().readNBytes(HEAD_BYTES);
                if (ImageType.sniff(head, head.length).isPresent()) {
                  return Probe.PICTURE;
                }
                String type = mediaType(r.contentType());
                return isHtml(type, head) ? Probe.PAGE : Probe.NEITHER;
              })
          .value();
    } catch (IOException e) {
      return Probe.NEITHER;
    }
  }

  private void decide(String topic, String text) {
    Decision d = new Decision(topic, text);
    taken.add(d);
    if (!holding) {
      decisions.accept(d);
    }
  }

  private static String example(ItemGroup g) {
    ItemGroup.Item first = g.items().get(0);
    return first.link() == null ? first.thumbnail() : first.thumbnail() + " -> " + first.link();
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String type) {
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static boolean isHtml(String type, byte[] body) {
    if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
      return true;
    }
    if (!type.isEmpty() && !type.equals("text/plain") && !type.equals("application/octet-stream")) {
      return false;
    }
    String head =
        new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html");
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? "" : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String reason(IOException e) {
    return FailureReason.of(FetchFailedException.unwrap(e));
  }

  private static String round(double score) {
    return String.format(Locale.ROOT, "%.1f", score);
  }
}
